package io.samsa.protocol.record.compression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The optional-library check. A library cannot be removed from the test class path, so a class loader that
 * refuses the library's packages stands in for a class path without it (the check takes the loader to ask).
 */
class CodecAvailabilityTest {

    /** Delegates to the test class path, except that the codec libraries' packages do not exist. */
    private static final ClassLoader WITHOUT_CODECS = new ClassLoader(CodecAvailabilityTest.class.getClassLoader()) {
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("net.jpountz.") || name.startsWith("com.github.luben.zstd.")
                    || name.startsWith("org.xerial.snappy.")) {
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            return super.loadClass(name, resolve);
        }
    };

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"SNAPPY", "LZ4", "ZSTD"})
    void aMissingLibraryIsNamedWithItsArtifact(CompressionType type) {
        assertThatThrownBy(() -> Compression.requireOnClassPath(type, WITHOUT_CODECS))
                .isInstanceOf(CodecUnavailableException.class)
                .hasMessageContaining("compression.type=" + type.configName())
                .hasMessageContaining(type.artifact())
                .satisfies(e -> assertThat(((CodecUnavailableException) e).type()).isEqualTo(type));
    }

    @Test
    void gzipAndNoneNeedNoLibrary() {
        assertThatCode(() -> Compression.requireOnClassPath(CompressionType.GZIP, WITHOUT_CODECS))
                .doesNotThrowAnyException();
        assertThatCode(() -> Compression.requireOnClassPath(CompressionType.NONE, WITHOUT_CODECS))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void everyCodecRunsHere(CompressionType type) {
        assertThatCode(() -> Compression.requireAvailable(type)).doesNotThrowAnyException();
    }

    @Test
    void levelsFollowApacheKafka() {
        assertThat(CompressionType.GZIP.isValidLevel(-1)).isTrue();
        assertThat(CompressionType.GZIP.isValidLevel(0)).isFalse();
        assertThat(CompressionType.GZIP.isValidLevel(10)).isFalse();
        assertThat(CompressionType.LZ4.isValidLevel(17)).isTrue();
        assertThat(CompressionType.LZ4.isValidLevel(18)).isFalse();
        assertThat(CompressionType.ZSTD.isValidLevel(-131072)).isTrue();
        assertThat(CompressionType.ZSTD.isValidLevel(-131073)).isFalse();
        assertThat(CompressionType.ZSTD.isValidLevel(22)).isTrue();
        assertThat(CompressionType.LZ4.defaultLevel()).isEqualTo(9);
        assertThat(CompressionType.ZSTD.defaultLevel()).isEqualTo(3);
        assertThatThrownBy(() -> Compressor.create(CompressionType.LZ4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compression.lz4.level");
        assertThatThrownBy(() -> CompressionType.forName("LZ4"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower case");
        assertThat(CompressionType.forId(3)).isEqualTo(CompressionType.LZ4);
    }
}
