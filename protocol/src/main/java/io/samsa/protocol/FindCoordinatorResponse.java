package io.samsa.protocol;

import io.samsa.common.Node;
import io.samsa.common.errors.Errors;
import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.List;

/**
 * FindCoordinator response (key 10), versions 0..6.
 *
 * <pre>
 *   +------------------+------------+---------------+---------+--------+--------+----------------+------------+
 *   | throttle_time_ms | error_code | error_message | node_id | host   | port   | coordinators   | tags (v3+) |
 *   | int32 (v1+)      | int16      | string?       | int32   | string | int32  | [Coordinator]  |            |
 *   |                  | (v0-3)     | (v1-3)        | (v0-3)  | (v0-3) | (v0-3) | (v4+)          |            |
 *   +------------------+------------+---------------+---------+--------+--------+----------------+------------+
 *   Coordinator: key string | node_id int32 | host string | port int32 | error_code int16 | error_message string?
 *                | tags
 *   v0-2: int16-length strings; v3+: compact strings.
 * </pre>
 *
 * <p>Callers see one list of per-key results whatever the version: a v0-3 response answers its request's single
 * key with top-level fields, which are read as a list of one {@link Coordinator}. That result's key is the
 * request's key when read through {@link FindCoordinatorRequest#readResponse}, null when read without it.
 *
 * <p>An error result (e.g. COORDINATOR_NOT_AVAILABLE while the coordinator loads, NOT_COORDINATOR) carries node
 * -1, an empty host and port -1.
 */
public record FindCoordinatorResponse(int throttleTimeMs, List<Coordinator> coordinators) implements Response {

    public FindCoordinatorResponse {
        coordinators = MessageCodec.copy(coordinators);
    }

    /**
     * The coordinator of one key.
     *
     * @param key          the group or transactional id; null for a v0-3 response read without its request
     * @param errorMessage the broker's explanation (v1+), may be null
     */
    public record Coordinator(String key, int nodeId, String host, int port, short errorCode, String errorMessage) {

        public Errors error() {
            return Errors.forCode(errorCode);
        }

        /** Where to send the key's requests; meaningful only without an error. */
        public Node node() {
            return new Node(nodeId, host, port);
        }

        @Override
        public String toString() {
            return key + " -> " + (errorCode == 0 ? nodeId + "@" + host + ":" + port
                    : "error=" + Errors.describe(errorCode) + (errorMessage == null ? "" : " \"" + errorMessage + "\""));
        }
    }

    /**
     * The result for {@code key}, or null if there is none. A v0-3 response read without its request (its one
     * result has key null) answers any key, as it has only the one.
     */
    public Coordinator coordinator(String key) {
        for (Coordinator c : coordinators) {
            if (key.equals(c.key())) {
                return c;
            }
        }
        if (coordinators.size() == 1 && coordinators.get(0).key() == null) {
            return coordinators.get(0);
        }
        return null;
    }

    // ---- encoding ----------------------------------------------------------------------------------------

    /** Reads a body; a v0-3 result gets key null (see {@link #read(ProtocolReader, short, String)}). */
    public static FindCoordinatorResponse read(ProtocolReader r, short version) {
        return read(r, version, null);
    }

    /**
     * Reads a body; {@code key} is the key a v0-3 response answers (the request's one key), ignored from v4 on,
     * where each result names its key.
     */
    public static FindCoordinatorResponse read(ProtocolReader r, short version, String key) {
        MessageCodec.checkVersion(ApiKey.FIND_COORDINATOR, version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        int throttle = version >= 1 ? r.readInt("throttle_time_ms") : 0;
        List<Coordinator> coordinators;
        if (version < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            short errorCode = r.readShort("error_code");
            String message = version >= 1 ? r.readNullableString("error_message", flexible) : null;
            int nodeId = r.readInt("node_id");
            String host = r.readString("host", flexible);
            int port = r.readInt("port");
            coordinators = List.of(new Coordinator(key, nodeId, host, port, errorCode, message));
        } else {
            // key (1) + node_id (4) + host (1) + port (4) + error_code (2) + error_message (1) + tags (1)
            coordinators = MessageCodec.readArray(r, "coordinators", true, 14, in -> {
                Coordinator c = new Coordinator(in.readString("key", true), in.readInt("node_id"),
                        in.readString("host", true), in.readInt("port"), in.readShort("error_code"),
                        in.readNullableString("error_message", true));
                in.skipTaggedFields();
                return c;
            });
        }
        if (flexible) {
            r.skipTaggedFields();
        }
        return new FindCoordinatorResponse(throttle, coordinators);
    }

    /**
     * Writes the body at {@code version} (for fakes and tests that play the broker). As Kafka's generated class,
     * v0 drops the throttle time and error message (the version has no room for them); a v0-3 response must hold
     * exactly one coordinator, whose key is not written.
     */
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.FIND_COORDINATOR, version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        if (version >= 1) {
            w.writeInt(throttleTimeMs);
        }
        if (version < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            if (coordinators.size() != 1) {
                throw ApiKey.FIND_COORDINATOR.unsupportedVersion("FindCoordinator v" + version
                        + " answers exactly one key, but this response has " + coordinators.size() + " results");
            }
            Coordinator c = coordinators.get(0);
            w.writeShort(c.errorCode());
            if (version >= 1) {
                w.writeNullableString(c.errorMessage(), flexible);
            }
            w.writeInt(c.nodeId()).writeString(c.host(), flexible).writeInt(c.port());
        } else {
            MessageCodec.writeArray(w, coordinators, true, (out, c) -> out.writeString(c.key(), true)
                    .writeInt(c.nodeId()).writeString(c.host(), true).writeInt(c.port()).writeShort(c.errorCode())
                    .writeNullableString(c.errorMessage(), true).writeEmptyTaggedFields());
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    @Override
    public String toString() {
        return "FindCoordinatorResponse(coordinators=" + coordinators + ", throttleTimeMs=" + throttleTimeMs + ")";
    }
}
