package io.samsa.protocol.record.compression;

import java.util.Locale;

/**
 * Kafka's record batch codecs: the id in bits 0-2 of a batch's attributes, the name used by
 * {@code compression.type}, the level range and default of {@code compression.<codec>.level} (Apache Kafka 3.8+,
 * KIP-390), and the library the codec needs at run time.
 *
 * <pre>
 *  id  name     level range        default  library (optional dependency)
 *  0   none     -                  -        -
 *  1   gzip     1..9 or -1         -1       the JDK (java.util.zip)
 *  2   snappy   -                  -        org.xerial.snappy:snappy-java
 *  3   lz4      1..17              9        at.yawk.lz4:lz4-java
 *  4   zstd     -131072..22        3        com.github.luben:zstd-jni
 * </pre>
 */
public enum CompressionType {
    NONE(0, "none", 0, 0, 0, null, null),
    GZIP(1, "gzip", 1, 9, -1, null, null),
    SNAPPY(2, "snappy", 0, 0, 0, "org.xerial.snappy:snappy-java", "org.xerial.snappy.Snappy"),
    LZ4(3, "lz4", 1, 17, 9, "at.yawk.lz4:lz4-java", "net.jpountz.lz4.LZ4Factory"),
    ZSTD(4, "zstd", -131072, 22, 3, "com.github.luben:zstd-jni", "com.github.luben.zstd.ZstdCompressCtx");

    /** gzip's "the codec's default" level (zlib's 6), accepted besides 1..9. */
    public static final int GZIP_DEFAULT_LEVEL = -1;

    private final int id;
    private final String configName;
    private final int minLevel;
    private final int maxLevel;
    private final int defaultLevel;
    private final String artifact;
    private final String probeClass;

    CompressionType(int id, String configName, int minLevel, int maxLevel, int defaultLevel, String artifact,
                    String probeClass) {
        this.id = id;
        this.configName = configName;
        this.minLevel = minLevel;
        this.maxLevel = maxLevel;
        this.defaultLevel = defaultLevel;
        this.artifact = artifact;
        this.probeClass = probeClass;
    }

    /** The codec id in a batch's attributes (bits 0-2). */
    public int id() {
        return id;
    }

    /** The {@code compression.type} value. */
    public String configName() {
        return configName;
    }

    /** Whether the codec has levels at all (gzip, lz4, zstd). */
    public boolean hasLevels() {
        return minLevel != maxLevel;
    }

    public int minLevel() {
        return minLevel;
    }

    public int maxLevel() {
        return maxLevel;
    }

    /** Apache Kafka's default level; 0 for codecs without levels. */
    public int defaultLevel() {
        return defaultLevel;
    }

    /** Whether {@code level} is valid for this codec (any value for codecs without levels). */
    public boolean isValidLevel(int level) {
        if (!hasLevels()) {
            return true;
        }
        return (level >= minLevel && level <= maxLevel) || (this == GZIP && level == GZIP_DEFAULT_LEVEL);
    }

    /** {@code groupId:artifactId} of the library the codec needs, or null if the JDK is enough. */
    public String artifact() {
        return artifact;
    }

    /** A class of that library whose presence means the library is there; null if none is needed. */
    String probeClass() {
        return probeClass;
    }

    /**
     * The codec named by a {@code compression.type} value (exact, lower case, as Apache Kafka requires).
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static CompressionType forName(String name) {
        for (CompressionType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown compression type '" + name + "'; valid: none, gzip, snappy,"
                + " lz4, zstd" + (name != null && !name.equals(name.toLowerCase(Locale.ROOT))
                ? " (lower case)" : ""));
    }

    /**
     * The codec with this attributes id.
     *
     * @throws IllegalArgumentException for ids 5-7, which Kafka does not define
     */
    public static CompressionType forId(int id) {
        for (CompressionType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown compression codec id " + id + " (Kafka defines 0-4)");
    }

    @Override
    public String toString() {
        return configName;
    }
}
