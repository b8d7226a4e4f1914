package io.samsa.cli;

import io.samsa.common.config.ConfigException;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Producer configuration options shared by {@code produce} and {@code perf}: a properties file, {@code k=v}
 * overrides, and the common shortcuts. Later sources win: file, then {@code k=v}, then the shortcuts.
 */
public final class ProducerOptions {
    @Option(names = "--producer.config", paramLabel = "FILE", description = "Producer properties file (Apache Kafka's names).")
    Path configFile;

    @Option(names = {"--producer-property", "--producer-props"}, paramLabel = "KEY=VALUE", arity = "1..*",
            description = "A producer property (Apache Kafka's names); repeatable.")
    List<String> properties = new ArrayList<>();

    @Option(names = {"--compression-codec", "--compression"}, paramLabel = "CODEC",
            description = "compression.type: none, gzip, snappy, lz4 or zstd.")
    String compression;

    @Option(names = {"--acks", "--request-required-acks"}, paramLabel = "ACKS", description = "acks: all (-1), 1 or 0.")
    String acks;

    /** The merged producer properties; {@code bootstrap} (may be null) is set as bootstrap.servers. */
    public Map<String, String> resolve(String bootstrap) {
        Map<String, String> p = new LinkedHashMap<>();
        if (configFile != null) {
            p.putAll(ClientProperties.load("--producer.config", configFile));
        }
        p.putAll(ClientProperties.parse("--producer-property", properties));
        if (compression != null) {
            p.put("compression.type", compression);
        }
        if (acks != null) {
            p.put("acks", acks);
        }
        if (bootstrap != null) {
            p.put("bootstrap.servers", bootstrap);
        }
        return p;
    }

    /** Validates with Samsa's config table; a bad key or value becomes a usage error naming it. */
    public static void validate(Map<String, String> props) {
        try {
            new io.samsa.clients.producer.ProducerConfig(new LinkedHashMap<String, Object>(withSerializers(props)));
        } catch (ConfigException e) {
            throw new CliException("invalid producer configuration: " + e.getMessage(), e);
        }
    }

    public static Map<String, String> withSerializers(Map<String, String> props) {
        Map<String, String> p = new LinkedHashMap<>(props);
        p.putIfAbsent("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.putIfAbsent("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }
}
