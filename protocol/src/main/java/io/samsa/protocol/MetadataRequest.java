package io.samsa.protocol;

import io.samsa.protocol.types.ProtocolReader;
import io.samsa.protocol.types.ProtocolWriter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Metadata request (key 3): brokers, leaders and partitions of some topics (or all).
 *
 * <pre>
 *   +-----------------------------------+------------------+--------------------+------------------+------+
 *   | topics: count, then per topic:    | allow_auto_topic | include_cluster_   | include_topic_   | tags |
 *   | [topic_id uuid v10+] name | [tags]| _creation bool   | authorized_ops bool| authorized_ops   | v9+  |
 *   |                                   | (v4+)            | (v8-v10 only)      | bool (v8+)       |      |
 *   +-----------------------------------+------------------+--------------------+------------------+------+
 *   v4-8: count int32 (-1 = all topics), name int16-length string.
 *   v9+ : count uvarint N+1 (0 = all topics), name compact string (nullable from v10), per-topic tags.
 *   v10+: each topic starts with a 16-byte topic_id (all zero when asking by name).
 * </pre>
 *
 * <p>A {@code null} topic list asks for every topic; an empty one asks for none (just brokers and
 * controller). The producer asks for its own topics with auto-creation on, like the Java client (honoured
 * only if the broker has {@code auto.create.topics.enable}).
 *
 * @param topics                             the topics, null for all
 * @param allowAutoTopicCreation             let the broker create missing topics
 * @param includeClusterAuthorizedOperations only representable in v8-10
 * @param includeTopicAuthorizedOperations   only representable in v8+
 */
public record MetadataRequest(List<Topic> topics, boolean allowAutoTopicCreation,
                              boolean includeClusterAuthorizedOperations, boolean includeTopicAuthorizedOperations)
        implements Request<MetadataResponse> {

    /**
     * One topic asked about: by name (topic id zero), or from v12 by id (name null).
     *
     * @param topicId the topic id, the zero UUID when asking by name (never null)
     * @param name    the topic name; null only when asking by id (v12+)
     */
    public record Topic(UUID topicId, String name) {
        public Topic {
            topicId = MessageCodec.orZero(topicId);
        }

        public static Topic named(String name) {
            return new Topic(MessageCodec.ZERO_UUID, name);
        }

        @Override
        public String toString() {
            return topicId.equals(MessageCodec.ZERO_UUID) ? String.valueOf(name) : name + "[" + topicId + "]";
        }
    }

    public MetadataRequest {
        topics = MessageCodec.copyNullable(topics);
    }

    /** Every topic in the cluster. */
    public static MetadataRequest allTopics(boolean allowAutoTopicCreation) {
        return new MetadataRequest(null, allowAutoTopicCreation, false, false);
    }

    /** The named topics (an empty collection asks for brokers only). */
    public static MetadataRequest forTopics(Collection<String> names, boolean allowAutoTopicCreation) {
        List<Topic> topics = new ArrayList<>(names.size());
        for (String n : names) {
            topics.add(Topic.named(n));
        }
        return new MetadataRequest(topics, allowAutoTopicCreation, false, false);
    }

    @Override
    public ApiKey apiKey() {
        return ApiKey.METADATA;
    }

    @Override
    public void write(ProtocolWriter w, short version) {
        MessageCodec.checkVersion(ApiKey.METADATA, version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        if (topics == null) {
            w.writeNullLength(flexible);
        } else {
            w.writeLength(topics.size(), flexible);
            for (Topic t : topics) {
                if (version >= 10) {
                    w.writeUuid(t.topicId());
                    w.writeNullableString(t.name(), true);
                } else {
                    if (t.name() == null) {
                        throw ApiKey.METADATA.unsupportedVersion("Metadata v" + version
                                + " cannot ask for a topic by id (" + t.topicId() + "): that needs v10+");
                    }
                    w.writeString(t.name(), flexible);
                }
                if (flexible) {
                    w.writeEmptyTaggedFields();
                }
            }
        }
        w.writeBoolean(allowAutoTopicCreation);
        if (version >= 8 && version <= 10) {
            w.writeBoolean(includeClusterAuthorizedOperations);
        } else if (includeClusterAuthorizedOperations) {
            throw ApiKey.METADATA.unsupportedVersion(
                    "Metadata v" + version + " cannot carry include_cluster_authorized_operations (v8-10 only)");
        }
        if (version >= 8) {
            w.writeBoolean(includeTopicAuthorizedOperations);
        } else if (includeTopicAuthorizedOperations) {
            throw ApiKey.METADATA.unsupportedVersion(
                    "Metadata v" + version + " cannot carry include_topic_authorized_operations (v8+ only)");
        }
        if (flexible) {
            w.writeEmptyTaggedFields();
        }
    }

    /** Reads a request body (for fakes and tests that play the broker). */
    public static MetadataRequest read(ProtocolReader r, short version) {
        MessageCodec.checkVersion(ApiKey.METADATA, version);
        boolean flexible = ApiKey.METADATA.isFlexible(version);
        int minTopic = version >= 10 ? 18 : 2; // id + name + tags, or int16 length / uvarint + tags
        List<Topic> topics = MessageCodec.readNullableArray(r, "topics", flexible, minTopic, in -> {
            UUID id = version >= 10 ? in.readUuid("topic_id") : MessageCodec.ZERO_UUID;
            String name = version >= 10 ? in.readNullableString("name", true) : in.readString("name", flexible);
            if (flexible) {
                in.skipTaggedFields();
            }
            return new Topic(id, name);
        });
        boolean auto = r.readBoolean("allow_auto_topic_creation");
        boolean cluster = version >= 8 && version <= 10 && r.readBoolean("include_cluster_authorized_operations");
        boolean topicOps = version >= 8 && r.readBoolean("include_topic_authorized_operations");
        if (flexible) {
            r.skipTaggedFields();
        }
        return new MetadataRequest(topics, auto, cluster, topicOps);
    }

    @Override
    public MetadataResponse readResponse(ProtocolReader r, short version) {
        return MetadataResponse.read(r, version);
    }

    @Override
    public String toString() {
        return "MetadataRequest(topics=" + (topics == null ? "ALL" : topics.toString())
                + ", allowAutoTopicCreation=" + allowAutoTopicCreation
                + (includeClusterAuthorizedOperations ? ", includeClusterAuthorizedOperations" : "")
                + (includeTopicAuthorizedOperations ? ", includeTopicAuthorizedOperations" : "") + ")";
    }
}
