package io.samsa.cli;

import io.samsa.common.header.Header;
import io.samsa.common.header.internals.RecordHeader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a console line into key, value and headers, with the {@code --property} names of Apache Kafka's console
 * producer: {@code parse.key}, {@code key.separator} (default tab), {@code parse.headers},
 * {@code headers.delimiter} (tab), {@code headers.separator} (comma), {@code headers.key.separator} (colon),
 * {@code null.marker}. A line with headers reads {@code h1:v1,h2:v2<TAB>key<TAB>value}. Immutable.
 */
final class LineParser {
    static final Set<String> KNOWN = Set.of("parse.key", "key.separator", "parse.headers", "headers.delimiter",
            "headers.separator", "headers.key.separator", "null.marker", "ignore.error");

    /** One parsed line; {@code key} and {@code value} may be null (no key, or the null marker). */
    static final class Parsed {
        final byte[] key;
        final byte[] value;
        final List<Header> headers;

        Parsed(byte[] key, byte[] value, List<Header> headers) {
            this.key = key;
            this.value = value;
            this.headers = headers;
        }
    }

    private final boolean parseKey;
    private final String keySeparator;
    private final boolean parseHeaders;
    private final String headersDelimiter;
    private final String headersSeparator;
    private final String headerKeySeparator;
    private final String nullMarker;

    /** @throws CliException naming an unknown property or an empty separator */
    LineParser(Map<String, String> props) {
        for (String k : props.keySet()) {
            if (!KNOWN.contains(k)) {
                throw new CliException("unknown --property '" + k + "'; known: " + String.join(", ", new java.util.TreeSet<>(KNOWN)));
            }
        }
        parseKey = bool(props, "parse.key");
        parseHeaders = bool(props, "parse.headers");
        keySeparator = separator(props, "key.separator", "\t");
        headersDelimiter = separator(props, "headers.delimiter", "\t");
        headersSeparator = separator(props, "headers.separator", ",");
        headerKeySeparator = separator(props, "headers.key.separator", ":");
        nullMarker = props.get("null.marker");
        if (nullMarker != null && nullMarker.isEmpty()) {
            throw new CliException("--property null.marker must not be empty");
        }
    }

    private static boolean bool(Map<String, String> props, String key) {
        String v = props.getOrDefault(key, "false").trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new CliException("--property " + key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static String separator(Map<String, String> props, String key, String dflt) {
        String v = props.getOrDefault(key, dflt);
        if (v.isEmpty()) {
            throw new CliException("--property " + key + " must not be empty");
        }
        return v;
    }

    /** @throws IllegalArgumentException saying what the line lacks (reported per line, not fatal) */
    Parsed parse(String line) {
        String rest = line;
        List<Header> headers = new ArrayList<>();
        if (parseHeaders) {
            int at = rest.indexOf(headersDelimiter);
            if (at < 0) {
                throw new IllegalArgumentException("no headers delimiter '" + escape(headersDelimiter)
                        + "' (parse.headers=true)");
            }
            String h = rest.substring(0, at);
            rest = rest.substring(at + headersDelimiter.length());
            if (!h.isEmpty()) {
                for (String pair : h.split(java.util.regex.Pattern.quote(headersSeparator), -1)) {
                    int ks = pair.indexOf(headerKeySeparator);
                    String name = ks < 0 ? pair : pair.substring(0, ks);
                    if (name.isEmpty()) {
                        throw new IllegalArgumentException("a header has an empty name in '" + h + "'");
                    }
                    String value = ks < 0 ? null : pair.substring(ks + headerKeySeparator.length());
                    headers.add(new RecordHeader(name, value == null || value.equals(nullMarker) ? null
                            : value.getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        byte[] key = null;
        if (parseKey) {
            int at = rest.indexOf(keySeparator);
            if (at < 0) {
                throw new IllegalArgumentException("no key separator '" + escape(keySeparator) + "' (parse.key=true)");
            }
            key = bytes(rest.substring(0, at));
            rest = rest.substring(at + keySeparator.length());
        }
        return new Parsed(key, bytes(rest), headers);
    }

    private byte[] bytes(String s) {
        return s.equals(nullMarker) ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        return s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
