package io.samsa.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.samsa.kafka.embedded.fork.ClientTelemetryRecorder;

/**
 * The KIP-714 client telemetry pushes the brokers of an {@link EmbeddedKafkaCluster} received, read from the
 * files the brokers' {@link ClientTelemetryRecorder} writes (its javadoc documents the text format). Enabled with
 * {@link EmbeddedKafkaCluster.Builder#clientTelemetry()}; clients push only once a client metrics subscription
 * matches them ({@link KafkaTestCluster#setClientMetricsSubscription}).
 *
 * <p>Every call reads the directory afresh, so the log is always current; parsed files are cached. Thread-safe.
 */
public final class ClientTelemetryLog {

    private static final Comparator<ClientTelemetryPush> ORDER = Comparator
            .comparing(ClientTelemetryPush::receivedAt)
            .thenComparingInt(ClientTelemetryPush::brokerId)
            .thenComparingLong(ClientTelemetryPush::sequence);

    private final Path directory;
    private final Map<Path, ClientTelemetryPush> parsed = new ConcurrentHashMap<>();

    ClientTelemetryLog(Path directory) {
        this.directory = directory;
    }

    /** The directory holding one {@code .txt} (decoded) and one {@code .bin} (raw payload) file per push. */
    public Path directory() {
        return directory;
    }

    /** Every push received so far, by every broker, in the order received. */
    public List<ClientTelemetryPush> pushes() {
        List<ClientTelemetryPush> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(ClientTelemetryRecorder.TEXT_SUFFIX))
                    .collect(Collectors.toList())) {
                out.add(parsed.computeIfAbsent(file, ClientTelemetryLog::read));
            }
        } catch (NoSuchFileException e) {
            return List.of(); // no broker has configured its recorder yet
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list client telemetry directory " + directory, e);
        }
        out.sort(ORDER);
        return out;
    }

    /** Pushes from one client instance, in the order received. */
    public List<ClientTelemetryPush> pushes(String clientInstanceId) {
        return pushes().stream().filter(p -> p.clientInstanceId().equals(clientInstanceId)).collect(Collectors.toList());
    }

    /**
     * Waits for the first push (in the order received, earlier pushes included) that matches.
     *
     * @throws KafkaEmbeddedException if none arrives within {@code timeout}; the message summarizes what did arrive
     */
    public ClientTelemetryPush awaitPush(Predicate<ClientTelemetryPush> condition, Duration timeout) {
        Objects.requireNonNull(condition, "condition");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ClientTelemetryPush> all = pushes();
            Optional<ClientTelemetryPush> match = all.stream().filter(condition).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KafkaEmbeddedException("no matching client telemetry push within " + timeout.toMillis()
                        + " ms; received " + all.size() + " push(es)" + summary(all) + " in " + directory);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaEmbeddedException("interrupted while waiting for a client telemetry push");
            }
        }
    }

    private static String summary(List<ClientTelemetryPush> pushes) {
        if (pushes.isEmpty()) {
            return "";
        }
        return pushes.stream().skip(Math.max(0, pushes.size() - 5))
                .map(p -> p.clientId() + "/" + p.clientInstanceId() + (p.terminating() ? " (terminating)" : "")
                        + " " + p.points().size() + " points")
                .collect(Collectors.joining(", ", ", the last: ", ""));
    }

    /** Parses one text file of {@link ClientTelemetryRecorder}. */
    static ClientTelemetryPush read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read client telemetry file " + file, e);
        }
        return parse(file, lines);
    }

    static ClientTelemetryPush parse(Path file, List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals(ClientTelemetryRecorder.FORMAT_LINE)) {
            throw new KafkaEmbeddedException(file + " is not a client telemetry record of the expected format ("
                    + ClientTelemetryRecorder.FORMAT_LINE + ")");
        }
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> resource = new LinkedHashMap<>();
        List<String> scopes = new ArrayList<>();
        List<ClientTelemetryPush.Point> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = split(line);
            switch (f.get(0)) {
                case "point" -> points.add(point(f));
                case "resource" -> {
                    String kv = f.get(1);
                    int eq = kv.indexOf('=');
                    resource.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                case "scope" -> scopes.add(f.get(1));
                default -> header.put(f.get(0), f.size() > 1 ? f.get(1) : "");
            }
        }
        return new ClientTelemetryPush(
                Instant.ofEpochMilli(Long.parseLong(header.get("received_at_ms"))),
                Integer.parseInt(header.get("broker_id")),
                Long.parseLong(header.get("sequence")),
                header.get("client_instance_id"),
                header.get("client_id"),
                Boolean.parseBoolean(header.get("terminating")),
                header.get("content_type"),
                Collections.unmodifiableMap(resource),
                List.copyOf(scopes),
                List.copyOf(points),
                file.resolveSibling(header.get("raw_file")),
                Optional.ofNullable(header.get("error")));
    }

    private static ClientTelemetryPush.Point point(List<String> f) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String kv : f.subList(8, f.size())) {
            int eq = kv.indexOf('=');
            attributes.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String temporality = f.get(4);
        return new ClientTelemetryPush.Point(f.get(1),
                ClientTelemetryPush.Kind.valueOf(f.get(2).toUpperCase(Locale.ROOT)),
                Boolean.parseBoolean(f.get(3)),
                temporality.equals("-") ? ClientTelemetryPush.Temporality.NONE
                        : ClientTelemetryPush.Temporality.valueOf(temporality.toUpperCase(Locale.ROOT)),
                Double.parseDouble(f.get(5)),
                Long.parseLong(f.get(6)),
                Long.parseLong(f.get(7)),
                Collections.unmodifiableMap(attributes));
    }

    /** Splits a line at tabs and undoes the recorder's escapes. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                fields.add(current.toString());
                current.setLength(0);
            } else if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(++i);
                current.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
