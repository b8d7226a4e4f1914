package io.samsa.metadata;

import io.samsa.common.Node;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code bootstrap.servers}: {@code host:port} entries separated by commas; IPv6 as {@code [::1]:9092}. */
public final class BootstrapServers {
    private BootstrapServers() {
    }

    /**
     * @return one node per address, with ids -1, -2, ... (no broker id is known before the first metadata)
     * @throws IllegalArgumentException naming {@code bootstrap.servers} and the bad entry
     */
    public static List<Node> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers is empty: give at least one host:port");
        }
        List<Node> out = new ArrayList<>();
        for (String raw : value.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String host;
            String port;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                    throw bad(entry, "an IPv6 address must look like [::1]:9092");
                }
                host = entry.substring(1, close);
                port = entry.substring(close + 2);
            } else {
                int colon = entry.lastIndexOf(':');
                if (colon <= 0 || colon == entry.length() - 1) {
                    throw bad(entry, "expected host:port");
                }
                host = entry.substring(0, colon);
                port = entry.substring(colon + 1);
                if (host.contains(":")) {
                    throw bad(entry, "an IPv6 address must be in brackets, like [::1]:9092");
                }
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(entry, "port '" + port + "' is not a number");
            }
            if (p < 1 || p > 65535) {
                throw bad(entry, "port " + p + " is outside 1..65535");
            }
            out.add(new Node(-(out.size() + 1), host, p));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("bootstrap.servers '" + value + "' names no host:port");
        }
        return out;
    }

    private static IllegalArgumentException bad(String entry, String why) {
        return new IllegalArgumentException("Invalid entry '" + entry + "' in bootstrap.servers: " + why);
    }
}
