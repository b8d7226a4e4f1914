package io.samsa.protocol;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.record.MemoryRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Converts our messages into Apache Kafka's generated message objects, so Kafka can serialize the same
 * content and the bytes can be compared. Only reads Kafka's public generated API; no Kafka code is copied.
 */
final class Kafka {
    private Kafka() {
    }

    static Uuid uuid(UUID u) {
        return new Uuid(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    static UUID uuid(Uuid u) {
        return new UUID(u.getMostSignificantBits(), u.getLeastSignificantBits());
    }

    static ApiVersionsRequestData of(ApiVersionsRequest r) {
        return new ApiVersionsRequestData().setClientSoftwareName(r.clientSoftwareName())
                .setClientSoftwareVersion(r.clientSoftwareVersion());
    }

    static ApiVersionsResponseData of(ApiVersionsResponse r) {
        ApiVersionsResponseData.ApiVersionCollection keys = new ApiVersionsResponseData.ApiVersionCollection();
        for (ApiVersionsResponse.ApiVersion v : r.apiKeys()) {
            keys.add(new ApiVersionsResponseData.ApiVersion().setApiKey(v.apiKey()).setMinVersion(v.minVersion())
                    .setMaxVersion(v.maxVersion()));
        }
        ApiVersionsResponseData.SupportedFeatureKeyCollection sup =
                new ApiVersionsResponseData.SupportedFeatureKeyCollection();
        for (ApiVersionsResponse.SupportedFeature f : r.supportedFeatures()) {
            sup.add(new ApiVersionsResponseData.SupportedFeatureKey().setName(f.name()).setMinVersion(f.minVersion())
                    .setMaxVersion(f.maxVersion()));
        }
        ApiVersionsResponseData.FinalizedFeatureKeyCollection fin =
                new ApiVersionsResponseData.FinalizedFeatureKeyCollection();
        for (ApiVersionsResponse.FinalizedFeature f : r.finalizedFeatures()) {
            fin.add(new ApiVersionsResponseData.FinalizedFeatureKey().setName(f.name())
                    .setMaxVersionLevel(f.maxVersionLevel()).setMinVersionLevel(f.minVersionLevel()));
        }
        return new ApiVersionsResponseData().setErrorCode(r.errorCode()).setApiKeys(keys)
                .setThrottleTimeMs(r.throttleTimeMs()).setSupportedFeatures(sup)
                .setFinalizedFeaturesEpoch(r.finalizedFeaturesEpoch()).setFinalizedFeatures(fin)
                .setZkMigrationReady(r.zkMigrationReady());
    }

    static MetadataRequestData of(MetadataRequest r) {
        List<MetadataRequestData.MetadataRequestTopic> topics = null;
        if (r.topics() != null) {
            topics = new ArrayList<>();
            for (MetadataRequest.Topic t : r.topics()) {
                topics.add(new MetadataRequestData.MetadataRequestTopic().setTopicId(uuid(t.topicId()))
                        .setName(t.name()));
            }
        }
        return new MetadataRequestData().setTopics(topics).setAllowAutoTopicCreation(r.allowAutoTopicCreation())
                .setIncludeClusterAuthorizedOperations(r.includeClusterAuthorizedOperations())
                .setIncludeTopicAuthorizedOperations(r.includeTopicAuthorizedOperations());
    }

    static MetadataResponseData of(MetadataResponse r) {
        MetadataResponseData.MetadataResponseBrokerCollection brokers =
                new MetadataResponseData.MetadataResponseBrokerCollection();
        for (MetadataResponse.Broker b : r.brokers()) {
            brokers.add(new MetadataResponseData.MetadataResponseBroker().setNodeId(b.nodeId()).setHost(b.host())
                    .setPort(b.port()).setRack(b.rack()));
        }
        MetadataResponseData.MetadataResponseTopicCollection topics =
                new MetadataResponseData.MetadataResponseTopicCollection();
        for (MetadataResponse.Topic t : r.topics()) {
            List<MetadataResponseData.MetadataResponsePartition> parts = new ArrayList<>();
            for (MetadataResponse.Partition p : t.partitions()) {
                parts.add(new MetadataResponseData.MetadataResponsePartition().setErrorCode(p.errorCode())
                        .setPartitionIndex(p.partitionIndex()).setLeaderId(p.leaderId())
                        .setLeaderEpoch(p.leaderEpoch()).setReplicaNodes(new ArrayList<>(p.replicaNodes()))
                        .setIsrNodes(new ArrayList<>(p.isrNodes()))
                        .setOfflineReplicas(new ArrayList<>(p.offlineReplicas())));
            }
            topics.add(new MetadataResponseData.MetadataResponseTopic().setErrorCode(t.errorCode()).setName(t.name())
                    .setTopicId(uuid(t.topicId())).setIsInternal(t.isInternal()).setPartitions(parts)
                    .setTopicAuthorizedOperations(t.topicAuthorizedOperations()));
        }
        return new MetadataResponseData().setThrottleTimeMs(r.throttleTimeMs()).setBrokers(brokers)
                .setClusterId(r.clusterId()).setControllerId(r.controllerId()).setTopics(topics)
                .setClusterAuthorizedOperations(r.clusterAuthorizedOperations()).setErrorCode(r.errorCode());
    }

    static ProduceRequestData of(ProduceRequest r) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        for (ProduceRequest.TopicData t : r.topicData()) {
            List<ProduceRequestData.PartitionProduceData> parts = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                parts.add(new ProduceRequestData.PartitionProduceData().setIndex(p.index())
                        .setRecords(p.records() == null ? null
                                : MemoryRecords.readableRecords(p.records().slice()))); // Kafka sizes by limit
            }
            topics.add(new ProduceRequestData.TopicProduceData().setName(t.name() == null ? "" : t.name())
                    .setTopicId(uuid(t.topicId())).setPartitionData(parts));
        }
        return new ProduceRequestData().setTransactionalId(r.transactionalId()).setAcks(r.acks())
                .setTimeoutMs(r.timeoutMs()).setTopicData(topics);
    }

    static ProduceResponseData of(ProduceResponse r) {
        ProduceResponseData.TopicProduceResponseCollection topics =
                new ProduceResponseData.TopicProduceResponseCollection();
        for (ProduceResponse.TopicResponse t : r.responses()) {
            List<ProduceResponseData.PartitionProduceResponse> parts = new ArrayList<>();
            for (ProduceResponse.PartitionResponse p : t.partitions()) {
                List<ProduceResponseData.BatchIndexAndErrorMessage> errs = new ArrayList<>();
                for (ProduceResponse.RecordError e : p.recordErrors()) {
                    errs.add(new ProduceResponseData.BatchIndexAndErrorMessage().setBatchIndex(e.batchIndex())
                            .setBatchIndexErrorMessage(e.message()));
                }
                parts.add(new ProduceResponseData.PartitionProduceResponse().setIndex(p.index())
                        .setErrorCode(p.errorCode()).setBaseOffset(p.baseOffset())
                        .setLogAppendTimeMs(p.logAppendTimeMs()).setLogStartOffset(p.logStartOffset())
                        .setRecordErrors(errs).setErrorMessage(p.errorMessage())
                        .setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch()
                                .setLeaderId(p.currentLeader().leaderId())
                                .setLeaderEpoch(p.currentLeader().leaderEpoch())));
            }
            topics.add(new ProduceResponseData.TopicProduceResponse().setName(t.name() == null ? "" : t.name())
                    .setTopicId(uuid(t.topicId())).setPartitionResponses(parts));
        }
        ProduceResponseData.NodeEndpointCollection endpoints = new ProduceResponseData.NodeEndpointCollection();
        for (ProduceResponse.NodeEndpoint e : r.nodeEndpoints()) {
            endpoints.add(new ProduceResponseData.NodeEndpoint().setNodeId(e.nodeId()).setHost(e.host())
                    .setPort(e.port()).setRack(e.rack()));
        }
        return new ProduceResponseData().setResponses(topics).setThrottleTimeMs(r.throttleTimeMs())
                .setNodeEndpoints(endpoints);
    }

    static InitProducerIdRequestData of(InitProducerIdRequest r) {
        return new InitProducerIdRequestData().setTransactionalId(r.transactionalId())
                .setTransactionTimeoutMs(r.transactionTimeoutMs()).setProducerId(r.producerId())
                .setProducerEpoch(r.producerEpoch());
    }

    static InitProducerIdResponseData of(InitProducerIdResponse r) {
        return new InitProducerIdResponseData().setThrottleTimeMs(r.throttleTimeMs()).setErrorCode(r.errorCode())
                .setProducerId(r.producerId()).setProducerEpoch(r.producerEpoch());
    }

    /** As Kafka's data at {@code v}: v0-3 carry the one key in {@code key}, v4+ in {@code coordinatorKeys}. */
    static FindCoordinatorRequestData of(FindCoordinatorRequest r, short v) {
        FindCoordinatorRequestData d = new FindCoordinatorRequestData().setKeyType(r.keyType());
        if (v < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            d.setKey(r.keys().get(0));
        } else {
            d.setCoordinatorKeys(new ArrayList<>(r.keys()));
        }
        return d;
    }

    /** As Kafka's data at {@code v}: v0-3 carry the one result in top-level fields, v4+ in {@code coordinators}. */
    static FindCoordinatorResponseData of(FindCoordinatorResponse r, short v) {
        FindCoordinatorResponseData d = new FindCoordinatorResponseData().setThrottleTimeMs(r.throttleTimeMs());
        if (v < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            FindCoordinatorResponse.Coordinator c = r.coordinators().get(0);
            return d.setErrorCode(c.errorCode()).setErrorMessage(c.errorMessage()).setNodeId(c.nodeId())
                    .setHost(c.host()).setPort(c.port());
        }
        List<FindCoordinatorResponseData.Coordinator> out = new ArrayList<>();
        for (FindCoordinatorResponse.Coordinator c : r.coordinators()) {
            out.add(new FindCoordinatorResponseData.Coordinator().setKey(c.key()).setNodeId(c.nodeId())
                    .setHost(c.host()).setPort(c.port()).setErrorCode(c.errorCode())
                    .setErrorMessage(c.errorMessage()));
        }
        return d.setCoordinators(out);
    }

    static AddPartitionsToTxnRequestData of(AddPartitionsToTxnRequest r) {
        AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection topics =
                new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection();
        for (AddPartitionsToTxnRequest.Topic t : r.topics()) {
            topics.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic().setName(t.name())
                    .setPartitions(new ArrayList<>(t.partitions())));
        }
        return new AddPartitionsToTxnRequestData().setV3AndBelowTransactionalId(r.transactionalId())
                .setV3AndBelowProducerId(r.producerId()).setV3AndBelowProducerEpoch(r.producerEpoch())
                .setV3AndBelowTopics(topics);
    }

    static AddPartitionsToTxnResponseData of(AddPartitionsToTxnResponse r) {
        AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection topics =
                new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection();
        for (AddPartitionsToTxnResponse.TopicResult t : r.resultsByTopic()) {
            AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection parts =
                    new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResultCollection();
            for (AddPartitionsToTxnResponse.PartitionResult p : t.resultsByPartition()) {
                parts.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult()
                        .setPartitionIndex(p.partitionIndex()).setPartitionErrorCode(p.errorCode()));
            }
            topics.add(new AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult().setName(t.name())
                    .setResultsByPartition(parts));
        }
        return new AddPartitionsToTxnResponseData().setThrottleTimeMs(r.throttleTimeMs())
                .setResultsByTopicV3AndBelow(topics);
    }

    static AddOffsetsToTxnRequestData of(AddOffsetsToTxnRequest r) {
        return new AddOffsetsToTxnRequestData().setTransactionalId(r.transactionalId()).setProducerId(r.producerId())
                .setProducerEpoch(r.producerEpoch()).setGroupId(r.groupId());
    }

    static AddOffsetsToTxnResponseData of(AddOffsetsToTxnResponse r) {
        return new AddOffsetsToTxnResponseData().setThrottleTimeMs(r.throttleTimeMs()).setErrorCode(r.errorCode());
    }

    static EndTxnRequestData of(EndTxnRequest r) {
        return new EndTxnRequestData().setTransactionalId(r.transactionalId()).setProducerId(r.producerId())
                .setProducerEpoch(r.producerEpoch()).setCommitted(r.committed());
    }

    static EndTxnResponseData of(EndTxnResponse r) {
        return new EndTxnResponseData().setThrottleTimeMs(r.throttleTimeMs()).setErrorCode(r.errorCode())
                .setProducerId(r.producerId()).setProducerEpoch(r.producerEpoch());
    }

    static TxnOffsetCommitRequestData of(TxnOffsetCommitRequest r) {
        List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic> topics = new ArrayList<>();
        for (TxnOffsetCommitRequest.Topic t : r.topics()) {
            List<TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition> parts = new ArrayList<>();
            for (TxnOffsetCommitRequest.Partition p : t.partitions()) {
                parts.add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                        .setPartitionIndex(p.partitionIndex()).setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(p.committedLeaderEpoch()).setCommittedMetadata(p.committedMetadata()));
            }
            topics.add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName(t.name())
                    .setPartitions(parts));
        }
        return new TxnOffsetCommitRequestData().setTransactionalId(r.transactionalId()).setGroupId(r.groupId())
                .setProducerId(r.producerId()).setProducerEpoch(r.producerEpoch()).setGenerationId(r.generationId())
                .setMemberId(r.memberId()).setGroupInstanceId(r.groupInstanceId()).setTopics(topics);
    }

    static TxnOffsetCommitResponseData of(TxnOffsetCommitResponse r) {
        List<TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic> topics = new ArrayList<>();
        for (TxnOffsetCommitResponse.Topic t : r.topics()) {
            List<TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition> parts = new ArrayList<>();
            for (TxnOffsetCommitResponse.Partition p : t.partitions()) {
                parts.add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex()).setErrorCode(p.errorCode()));
            }
            topics.add(new TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic().setName(t.name())
                    .setPartitions(parts));
        }
        return new TxnOffsetCommitResponseData().setThrottleTimeMs(r.throttleTimeMs()).setTopics(topics);
    }
}
