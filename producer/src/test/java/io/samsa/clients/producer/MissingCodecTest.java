package io.samsa.clients.producer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A producer whose compression.type needs a library that is not on the class path fails at construction with a
 * ConfigException naming compression.type and the artifact to add - not with a NoClassDefFoundError, and not at
 * the first send. The library cannot be taken off this JVM's class path, so the producer is loaded in a class
 * loader of its own over the test class path minus that library's jar (parent: the platform loader, so nothing
 * leaks in from the application class loader).
 */
class MissingCodecTest {

    @ParameterizedTest
    @CsvSource({"lz4, lz4-java, at.yawk.lz4:lz4-java", "zstd, zstd-jni, com.github.luben:zstd-jni",
            "snappy, snappy-java, org.xerial.snappy:snappy-java"})
    void constructionFailsNamingTheArtifact(String codec, String jarPrefix, String artifact) throws Exception {
        List<URL> urls = new ArrayList<>();
        int removed = 0;
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            if (new File(entry).getName().startsWith(jarPrefix + "-")) {
                removed++;
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertThat(removed).as("the %s jar was on the test class path", jarPrefix).isEqualTo(1);

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader())) {
            // Configured classes (serializers) are loaded through the context class loader: the isolated one.
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> producerClass = Class.forName(KafkaProducer.class.getName(), true, loader);
            assertThat(producerClass.getClassLoader()).isSameAs(loader);
            Properties props = new Properties();
            props.put("bootstrap.servers", "localhost:9092");
            props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
            props.put("compression.type", codec);
            Throwable failure = null;
            try {
                Object producer = producerClass.getConstructor(Properties.class).newInstance(props);
                producerClass.getMethod("close").invoke(producer);
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }
            assertThat(failure).as("constructing a %s producer without %s", codec, artifact).isNotNull();
            assertThat(failure.getClass().getName()).isEqualTo("io.samsa.common.config.ConfigException");
            assertThat(failure.getMessage()).contains("compression.type").contains(artifact);

            // gzip needs no library: the same isolated producer class builds fine.
            props.put("compression.type", "gzip");
            Object producer = producerClass.getConstructor(Properties.class).newInstance(props);
            producerClass.getMethod("close").invoke(producer);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
