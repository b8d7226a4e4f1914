package io.samsa.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jars one Apache Kafka release needs to run a broker, found through the {@code samsa-kafka-dist-*} jars.
 *
 * <p>Each dist jar carries two resources written at its build: {@value #INDEX_RESOURCE} (same name in every dist
 * jar, so {@link ClassLoader#getResources} finds them all and we can list what is available) and the classpath
 * file it points to, a {@code |}-separated list of jar paths under a placeholder for the local Maven repository.
 * The placeholder is replaced here with this machine's repository, because the dist jar may have been built on
 * another machine.
 *
 * <p>Those jars reach the local repository only when Maven resolves the dist module <em>with</em> its
 * dependencies (our own build does; a project that depends on samsa-kafka-embedded does not, since the dependency
 * excludes them). A missing jar therefore gets an error naming the command that fetches them.
 *
 * <p>Thread-safe: resolved distributions are immutable and cached in a concurrent map.
 */
final class KafkaDistribution {

    static final String INDEX_RESOURCE = "META-INF/samsa/kafka-dist.properties";

    private static final Map<String, KafkaDistribution> CACHE = new ConcurrentHashMap<>();

    private final String version;
    private final List<Path> jars;

    private KafkaDistribution(String version, List<Path> jars) {
        this.version = version;
        this.jars = List.copyOf(jars);
    }

    /** The exact Kafka version, e.g. {@code 4.1.2}. */
    String version() {
        return version;
    }

    /** The broker's runtime jars, all present on disk when this object was made. */
    List<Path> jars() {
        return jars;
    }

    /** The major version number, e.g. 4 for 4.1.2. */
    int major() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /**
     * Finds the distribution for {@code requested}: an exact version ({@code 4.1.2}), or a release line
     * ({@code 4.1}) when exactly one available version belongs to it.
     *
     * @throws KafkaEmbeddedException if no dist jar describes that version, or a jar it lists is not in the local
     *                                repository
     */
    static KafkaDistribution forVersion(String requested) {
        return forVersion(requested, localRepository());
    }

    /** As {@link #forVersion(String)}, with the jars looked up in {@code repository}. */
    static KafkaDistribution forVersion(String requested, Path repository) {
        if (requested == null || requested.isBlank()) {
            throw new KafkaEmbeddedException("no Kafka version given");
        }
        Map<String, Properties> index = index();
        String exact = matchVersion(requested.trim(), index);
        String key = exact + "|" + repository;
        KafkaDistribution cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        KafkaDistribution resolved = load(exact, index.get(exact), repository);
        CACHE.putIfAbsent(key, resolved);
        return resolved;
    }

    static SortedSet<String> availableVersions() {
        return new TreeSet<>(index().keySet());
    }

    private static String matchVersion(String requested, Map<String, Properties> index) {
        if (index.containsKey(requested)) {
            return requested;
        }
        List<String> line = new ArrayList<>();
        for (String v : index.keySet()) {
            if (v.startsWith(requested + ".")) {
                line.add(v);
            }
        }
        if (line.size() == 1) {
            return line.get(0);
        }
        String available = index.isEmpty() ? "none (no samsa-kafka-dist-* jar on the classpath)" : String.join(", ", index.keySet());
        throw new KafkaEmbeddedException("Kafka version '" + requested + "' is not available to samsa-kafka-embedded: "
                + "no resource io/samsa/kafka/embedded/dist/kafka-" + requested + ".classpath on the classpath. "
                + "Available versions: " + available + ". To run another 4.1.x or 3.9.x release, rebuild the "
                + "samsa-kafka-dist-4.1 / samsa-kafka-dist-3.9 module with -Dkafka.version=... / "
                + "-Dkafka.legacy.version=...; another release line needs a new dist module.");
    }

    private static Map<String, Properties> index() {
        Map<String, Properties> out = new TreeMap<>();
        try {
            ClassLoader loader = classLoader();
            Enumeration<URL> urls = loader.getResources(INDEX_RESOURCE);
            for (URL url : Collections.list(urls)) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                String v = p.getProperty("kafka.version");
                if (v != null) {
                    p.setProperty("index.url", url.toString());
                    out.putIfAbsent(v, p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + INDEX_RESOURCE + " resources", e);
        }
        return out;
    }

    private static KafkaDistribution load(String version, Properties index, Path repo) {
        String resource = index.getProperty("classpath.resource");
        String placeholder = index.getProperty("repo.placeholder", "@LOCAL_REPO@");
        String artifact = index.getProperty("artifact", "io.samsa:samsa-kafka-dist-?");
        String text;
        try (InputStream in = classLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new KafkaEmbeddedException("Kafka " + version + ": " + index.getProperty("index.url")
                        + " names the classpath resource " + resource + ", which is missing; the " + artifact
                        + " jar is broken, rebuild it");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }

        List<Path> jars = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String entry : text.split("\\|")) {
            if (entry.isBlank()) {
                continue;
            }
            String resolved = entry.trim().replace(placeholder, repo.toString());
            Path jar = Path.of(resolved.replace('/', File.separatorChar));
            if (Files.isRegularFile(jar)) {
                jars.add(jar);
            } else {
                missing.add(resolved);
            }
        }
        if (!missing.isEmpty()) {
            throw new KafkaEmbeddedException("Kafka " + version + " needs " + missing.size() + " jar(s) that are not in the "
                    + "local Maven repository " + repo + ", for example " + missing.subList(0, Math.min(3, missing.size()))
                    + ". Fetch them with: mvn dependency:get -Dartifact=" + artifact
                    + " (add -Dmaven.repo.local=" + repo + " if Maven uses another repository; this library reads the "
                    + "system property maven.repo.local, then <localRepository> in ~/.m2/settings.xml, then ~/.m2/repository)");
        }
        if (jars.isEmpty()) {
            throw new KafkaEmbeddedException("Kafka " + version + ": the classpath resource " + resource + " in " + artifact
                    + " lists no jars");
        }
        return new KafkaDistribution(version, jars);
    }

    /**
     * The local Maven repository: the {@code maven.repo.local} system property (Surefire passes {@code -D} options
     * given to {@code mvn} on to the test JVM), else {@code <localRepository>} in {@code ~/.m2/settings.xml}, else
     * {@code ~/.m2/repository}.
     */
    static Path localRepository() {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim()).toAbsolutePath();
        }
        Path home = Path.of(System.getProperty("user.home"));
        Path settings = home.resolve(".m2").resolve("settings.xml");
        if (Files.isRegularFile(settings)) {
            try {
                String xml = Files.readString(settings, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
                Matcher m = Pattern.compile("<localRepository>\\s*([^<]+?)\\s*</localRepository>").matcher(xml);
                if (m.find()) {
                    return Path.of(m.group(1).replace("${user.home}", home.toString())).toAbsolutePath();
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable settings file is Maven's problem to report; fall back to the default location.
            }
        }
        return home.resolve(".m2").resolve("repository");
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : KafkaDistribution.class.getClassLoader();
    }
}
