package io.samsa.common;

import java.util.Objects;

/**
 * A Kafka broker as the cluster metadata describes it. Bootstrap servers, before any metadata is known, are
 * nodes with negative ids ({@code -1}, {@code -2}, ...) standing for "the i-th bootstrap address".
 */
public final class Node {
    private final int id;
    private final String host;
    private final int port;
    private final String rack;
    /**
     * Computed once: the sender hashes leaders on every I/O round (the set of ready brokers), and
     * {@code Objects.hash} would box the port and allocate an array on every call.
     */
    private final int hash;

    public Node(int id, String host, int port, String rack) {
        this.id = id;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.rack = rack;
        this.hash = ((31 * id + host.hashCode()) * 31 + port) * 31 + (rack == null ? 0 : rack.hashCode());
    }

    public Node(int id, String host, int port) {
        this(id, host, port, null);
    }

    public int id() {
        return id;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The broker's rack, or null when it has none. */
    public String rack() {
        return rack;
    }

    /** True for a bootstrap pseudo-node (no broker id known yet). */
    public boolean isBootstrap() {
        return id < 0;
    }

    /** {@code host:port}, as it appears in error messages. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Node)) {
            return false;
        }
        Node n = (Node) o;
        return id == n.id && port == n.port && host.equals(n.host) && Objects.equals(rack, n.rack);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return (isBootstrap() ? "bootstrap " + address() : "node " + id + " (" + address() + ")")
                + (rack == null ? "" : " rack " + rack);
    }
}
