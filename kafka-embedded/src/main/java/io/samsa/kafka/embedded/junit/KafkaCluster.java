package io.samsa.kafka.embedded.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test a real Kafka cluster: put it on a test class, a field, or a parameter of type
 * {@link io.samsa.kafka.embedded.KafkaTestCluster} (works embedded and external) or
 * {@link io.samsa.kafka.embedded.EmbeddedKafkaCluster} (embedded only).
 *
 * <pre>{@code
 * @KafkaCluster(nodes = 1)
 * class ProducerIT {
 *     @Test
 *     void sends(KafkaTestCluster kafka) {
 *         kafka.createTopic("orders", 3, 1);
 *         ... new SamsaProducer(kafka.bootstrapServers()) ...
 *     }
 *
 *     @Test
 *     void survivesBrokerLoss(@KafkaCluster(nodes = 3, shared = false) KafkaTestCluster kafka) {
 *         kafka.createTopic("orders", 3, 3);
 *         kafka.killNode(1);   // skipped, not failed, when run with -Dsamsa.bootstrap
 *     }
 * }
 * }</pre>
 *
 * <p>The closest annotation wins: parameter or field, then method, then class (and enclosing classes of
 * {@code @Nested} tests). May be used as a meta-annotation. Fields must carry the annotation themselves to be
 * injected; static fields are filled before {@code @BeforeAll}, instance fields before each test.
 *
 * <p><b>Sharing.</b> With {@code shared = true} (default) one cluster per distinct setting (nodes, version,
 * broker configs, auto-create, client telemetry) serves every test class of the run and is closed when the run ends: cheap, but
 * tests must use their own topic names and must not stop or kill nodes. With {@code shared = false} the cluster
 * belongs to the test method (method parameters) or the test class (fields, constructor parameters) and is closed
 * when that ends.
 *
 * <p><b>External cluster.</b> With {@code -Dsamsa.bootstrap=host:port[,host:port]} (and optional
 * {@code -Dsamsa.client.<config>=<value>} client configs) no broker is started: every injection gets the same
 * external cluster. Admin operations work. {@code stopNode}/{@code killNode}/{@code restartNode} abort the test
 * with a JUnit assumption failure, so it is reported as <em>skipped</em>, and so are tests that ask for an
 * {@code EmbeddedKafkaCluster} or for more nodes than the external cluster has.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedKafkaExtension.class)
public @interface KafkaCluster {

    /** Number of nodes, each broker and controller. */
    int nodes() default 1;

    /** Kafka version, exact or a release line ("3.9"); empty means {@code -Dsamsa.kafka.version} or the default. */
    String version() default "";

    /** Whether the cluster may be shared with other tests that ask for the same settings. */
    boolean shared() default true;

    /** Extra broker configs as {@code key=value}, e.g. {@code "min.insync.replicas=2"}. */
    String[] brokerConfig() default {};

    /** Whether brokers create unknown topics on first use. */
    boolean autoCreateTopics() default true;

    /**
     * Whether the brokers record the telemetry clients push (KIP-714), read with
     * {@link io.samsa.kafka.embedded.KafkaTestCluster#clientTelemetry()}. It also makes the brokers offer the
     * telemetry APIs at all. With {@code -Dsamsa.bootstrap}, tests asking for it are skipped.
     */
    boolean clientTelemetry() default false;
}
