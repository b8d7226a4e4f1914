package io.samsa.kafka.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.SortedSet;

/**
 * The Apache Kafka versions this library can run.
 *
 * <p>The default and legacy versions come from the build ({@code kafka.version} and {@code kafka.legacy.version}
 * in the parent pom), so the code and the {@code samsa-kafka-dist-*} jars cannot disagree.
 */
public final class KafkaVersions {

    /** System property that picks the version when a builder or annotation names none. */
    public static final String VERSION_PROPERTY = "samsa.kafka.version";

    /** The version used when none is asked for (the 4.1 line). */
    public static final String DEFAULT;

    /** The older line that is also supported and tested (the 3.9 line). */
    public static final String LEGACY;

    static {
        Properties p = new Properties();
        try (InputStream in = KafkaVersions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing next to " + KafkaVersions.class.getName()
                        + ": the samsa-kafka-embedded jar is incomplete");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DEFAULT = p.getProperty("default");
        LEGACY = p.getProperty("legacy");
    }

    private KafkaVersions() {
    }

    /**
     * The version to run when the caller named none: the {@value #VERSION_PROPERTY} system property if set and
     * not blank, else {@link #DEFAULT}.
     */
    public static String fromEnvironment() {
        String v = System.getProperty(VERSION_PROPERTY);
        return v == null || v.isBlank() ? DEFAULT : v.trim();
    }

    /**
     * The exact version {@code requested} stands for: itself if available, or the one available version of a release
     * line such as {@code "3.9"}. A null or blank request means {@link #fromEnvironment()}.
     *
     * @throws KafkaEmbeddedException if it is not available (the message lists what is)
     */
    public static String resolve(String requested) {
        String v = requested == null || requested.isBlank() ? fromEnvironment() : requested;
        return KafkaDistribution.forVersion(v).version();
    }

    /** The versions whose broker classpath is present on this classpath (one per {@code samsa-kafka-dist-*} jar). */
    public static SortedSet<String> available() {
        return KafkaDistribution.availableVersions();
    }
}
