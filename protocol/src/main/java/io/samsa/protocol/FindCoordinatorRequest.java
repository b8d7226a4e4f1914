package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.List;

/**
 * FindCoordinator request (key 10), versions 0..6: which broker coordinates a transactional id (key type 1) or a
 * consumer group (key type 0). Any broker can answer.
 *
 * <pre>
 *   +------------------+-------------+-----------------------------+------------+
 *   | key              | key_type    | coordinator_keys            | tags (v3+) |
 *   | string (v0-3)    | int8 (v1+)  | [string] (v4+)              |            |
 *   +------------------+-------------+-----------------------------+------------+
 *   v0-2: int16-length string. v3: compact string. v4+: no single key; a compact array of compact strings.
 * </pre>
 *
 * <p>Up to v3 a request looks up exactly one key; v4 (KIP-699) batches keys and answers each one separately, see
 * {@link FindCoordinatorResponse#coordinators()}. This record always holds a list of keys: written at v0-3 it must
 * hold exactly one. v0 has no key type and so finds group coordinators only.
 *
 * @param keyType {@link #KEY_TYPE_GROUP}, {@link #KEY_TYPE_TRANSACTION} or {@link #KEY_TYPE_SHARE}
 * @param keys    the group ids or transactional ids to look up (never null)
 */
public record FindCoordinatorRequest(byte keyType, List<String> keys) implements Request<FindCoordinatorResponse> {

    /** Key type of a consumer group id; the only one v0 can express. */
    public static final byte KEY_TYPE_GROUP = 0;
    /** Key type of a transactional id (v1+). */
    public static final byte KEY_TYPE_TRANSACTION = 1;
    /** Key type of a share group, {@code "groupId:topicId:partition"} (v6+, KIP-932). */
    public static final byte KEY_TYPE_SHARE = 2;

    /** The first version that carries several keys (KIP-699). */
    public static final short MIN_BATCHED_VERSION = 4;

    public FindCoordinatorRequest {
        keys = MessageCodec.copy(keys); // List.copyOf: a null key is refused here, the field is not nullable
    }

    /** Looks up the transaction coordinator of {@code transactionalId}. */
    public static FindCoordinatorRequest transaction(String transactionalId) {
        return new FindCoordinatorRequest(KEY_TYPE_TRANSACTION, List.of(transactionalId));
    }

    /** Looks up the group coordinator of {@code groupId}. */
    public static FindCoordinatorRequest group(String groupId) {
        return new FindCoordinatorRequest(KEY_TYPE_GROUP, List.of(groupId));
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.FIND_COORDINATOR;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.FIND_COORDINATOR, version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        if (version < MIN_BATCHED_VERSION) {
            if (keys.size() != 1) {
                throw ApiKey.FIND_COORDINATOR.unsupportedVersion("FindCoordinator v" + version
                        + " looks up exactly one key, but this request has " + keys.size()
                        + (keys.isEmpty() ? "" : ": batched keys need v" + MIN_BATCHED_VERSION + "+ (KIP-699)"));
            }
            w.writeString(keys.get(0), flexible);
        }
        if (version >= 1) {
            w.writeByte(keyType);
        } else if (keyType != KEY_TYPE_GROUP) {
            // Written as v0 the request would ask for the group coordinator of a transactional id: another broker.
            throw ApiKey.FIND_COORDINATOR.unsupportedVersion("FindCoordinator v0 finds group coordinators only;"
                    + " key type " + keyTypeName(keyType) + " needs v1+");
        }
        if (version >= MIN_BATCHED_VERSION) {
            MessageCodec.writeArray(w, keys, true, (out, k) -> out.writeString(k, true));
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static FindCoordinatorRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.FIND_COORDINATOR, version);
        boolean flexible = ApiKey.FIND_COORDINATOR.isFlexible(version);
        List<String> keys = null;
        if (version < MIN_BATCHED_VERSION) {
            keys = List.of(r.readString("key", flexible));
        }
        byte keyType = version >= 1 ? r.readByte("key_type") : KEY_TYPE_GROUP;
        if (version >= MIN_BATCHED_VERSION) {
            keys = MessageCodec.readArray(r, "coordinator_keys", true, 1, in -> in.readString("coordinator_keys", true));
        }
        if (flexible) {
            r.skipTaggedFields();
        }
        return new FindCoordinatorRequest(keyType, keys);
    }

    /**
     * Reads the response; a v0-3 response names no key, so its one result is given this request's key (the
     * request had exactly one, or it could not have been written at that version).
     */
    @Override
    public FindCoordinatorResponse readResponse(ProtocolReader r, short version) {
        return FindCoordinatorResponse.read(r, version, keys.size() == 1 ? keys.get(0) : null);
    }

    /** E.g. {@code "transaction (1)"}; unknown types by number. */
    static String keyTypeName(byte keyType) {
        return switch (keyType) {
            case KEY_TYPE_GROUP -> "group (0)";
            case KEY_TYPE_TRANSACTION -> "transaction (1)";
            case KEY_TYPE_SHARE -> "share (2)";
            default -> "unknown (" + keyType + ")";
        };
    }

    @Override
    public String toString() {
        return "FindCoordinatorRequest(keyType=" + keyTypeName(keyType) + ", keys=" + keys + ")";
    }
}
