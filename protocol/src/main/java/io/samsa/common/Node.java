package io.samsa.common;

import java.util.Objects;

/**
 * A Kafka broker as the cluster metadata describes it. Bootstrap servers, before any metadata is known, are
 * nodes with negative ids ({@code -1}, {@code -2}, ...) standing for "the i-th bootstrap address".
 *
 * <p>The shape of Apache Kafka's {@code org.apache.kafka.common.Node} (constructors, {@link #noNode()}, the
 * accessors), so that custom partitioners and tests building a {@code Cluster} move over with an import change.
 * {@link #toString()} is Samsa's own, as it appears in error messages. Immutable.
 */
public final class Node {
    private static final Node NO_NODE = new Node(-1, "", -1);

    private final int id;
    private final String host;
    private final int port;
    private final String rack;
    /** A broker the controller fenced (KRaft); metadata responses never list one, so false unless constructed so. */
    private final boolean fenced;
    /**
     * Computed once: the sender hashes leaders on every I/O round (the set of ready brokers), and
     * {@code Objects.hash} would box the port and allocate an array on every call.
     */
    private final int hash;

    /**
     * @param id    the broker id (negative for a bootstrap address)
     * @param host  the host name or address; not null
     * @param port  the port
     * @param rack  the broker's rack, or null
     * @param fenced whether the controller fenced the broker
     */
    public Node(int id, String host, int port, String rack, boolean fenced) {
        this.id = id;
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.rack = rack;
        this.fenced = fenced;
        this.hash = (((31 * id + host.hashCode()) * 31 + port) * 31 + (rack == null ? 0 : rack.hashCode())) * 31
                + Boolean.hashCode(fenced);
    }

    /**
     * A broker that is not fenced.
     *
     * @param id   the broker id (negative for a bootstrap address)
     * @param host the host name or address; not null
     * @param port the port
     * @param rack the broker's rack, or null
     */
    public Node(int id, String host, int port, String rack) {
        this(id, host, port, rack, false);
    }

    /**
     * A broker without a rack, not fenced.
     *
     * @param id   the broker id (negative for a bootstrap address)
     * @param host the host name or address; not null
     * @param port the port
     */
    public Node(int id, String host, int port) {
        this(id, host, port, null, false);
    }

    /** {@return the node that stands for "none" (id -1, empty host, port -1), as in Apache Kafka} */
    public static Node noNode() {
        return NO_NODE;
    }

    /** {@return true for {@link #noNode()} and any node without a host or port} */
    public boolean isEmpty() {
        return host.isEmpty() || port < 0;
    }

    /** {@return the broker id; negative for a bootstrap address} */
    public int id() {
        return id;
    }

    /** {@return the id as a string} */
    public String idString() {
        return Integer.toString(id);
    }

    /** {@return the host name or address} */
    public String host() {
        return host;
    }

    /** {@return the port} */
    public int port() {
        return port;
    }

    /** {@return the broker's rack, or null when it has none} */
    public String rack() {
        return rack;
    }

    /** {@return whether the broker has a rack} */
    public boolean hasRack() {
        return rack != null;
    }

    /** {@return whether the controller fenced this broker (KRaft); false for nodes from metadata responses} */
    public boolean isFenced() {
        return fenced;
    }

    /** {@return true for a bootstrap pseudo-node (no broker id known yet)} */
    public boolean isBootstrap() {
        return id < 0;
    }

    /** {@return {@code host:port}, as it appears in error messages; an IPv6 host in brackets} */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Node)) {
            return false;
        }
        Node n = (Node) o;
        return id == n.id && port == n.port && host.equals(n.host) && Objects.equals(rack, n.rack)
                && fenced == n.fenced;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "no node";
        }
        return (isBootstrap() ? "bootstrap " + address() : "node " + id + " (" + address() + ")")
                + (rack == null ? "" : " rack " + rack) + (fenced ? " fenced" : "");
    }
}
