package io.samsa.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@code --bootstrap-server} value before any client starts: the syntax (every entry {@code host:port},
 * port 1-65535), then that at least one address accepts a TCP connection. Without this check a producer given
 * a wrong address retries quietly until its timeouts (minutes) expire. Stateless.
 */
public final class Bootstrap {
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private Bootstrap() {
    }

    /** @throws CliException naming the entry that is not {@code host:port} */
    public static List<InetSocketAddress> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new CliException("--bootstrap-server is empty: expected host:port[,host:port...]");
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            int colon = entry.lastIndexOf(':');
            if (entry.isEmpty() || colon <= 0 || colon == entry.length() - 1) {
                throw new CliException("bad broker address '" + entry + "' in --bootstrap-server: expected host:port");
            }
            String host = entry.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(entry.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CliException("bad broker address '" + entry + "' in --bootstrap-server: port '"
                        + entry.substring(colon + 1) + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new CliException("bad broker address '" + entry + "' in --bootstrap-server: port " + port
                        + " is outside 1-65535");
            }
            out.add(InetSocketAddress.createUnresolved(host, port));
        }
        return out;
    }

    /**
     * Parses, then connects to each address in turn until one accepts.
     *
     * @throws CliException listing each address and why it failed when none accepts within
     *                      {@value #CONNECT_TIMEOUT_MS} ms
     */
    public static void check(String value) {
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress a : parse(value)) {
            InetSocketAddress resolved = new InetSocketAddress(a.getHostString(), a.getPort());
            if (resolved.isUnresolved()) {
                failures.add(a.getHostString() + ":" + a.getPort() + " (unknown host)");
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(resolved, CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException e) {
                failures.add(a.getHostString() + ":" + a.getPort() + " (" + e.getMessage() + ")");
            }
        }
        throw new CliException("cannot connect to any broker in --bootstrap-server: " + String.join(", ", failures));
    }
}
