package io.samsa.kafka;

import io.samsa.common.KafkaException;
import io.samsa.common.config.ConfigException;
import io.samsa.common.errors.AuthenticationException;
import io.samsa.common.errors.ClosedException;
import io.samsa.common.errors.RecordTooLargeException;
import io.samsa.common.errors.SaslAuthenticationException;
import io.samsa.common.errors.SerializationException;
import io.samsa.common.errors.SslAuthenticationException;
import io.samsa.common.errors.TimeoutException;
import io.samsa.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Samsa's exceptions become Apache Kafka's of the same name, with the message, stack trace and a translated cause
 * chain; classes without an Apache namesake become the nearest Apache superclass.
 */
class ApacheExceptionsTest {

    @Test
    void eachSamsaClassBecomesItsApacheNamesake() {
        assertThat(ApacheExceptions.toApache(new KafkaException("k")))
                .isExactlyInstanceOf(org.apache.kafka.common.KafkaException.class).hasMessage("k");
        assertThat(ApacheExceptions.toApache(new TimeoutException("t")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.TimeoutException.class).hasMessage("t");
        assertThat(ApacheExceptions.toApache(new RecordTooLargeException("r")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class).hasMessage("r");
        assertThat(ApacheExceptions.toApache(new SerializationException("s")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.SerializationException.class);
        assertThat(ApacheExceptions.toApache(new AuthenticationException("a")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.AuthenticationException.class);
        assertThat(ApacheExceptions.toApache(new SaslAuthenticationException("sasl")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);
        assertThat(ApacheExceptions.toApache(new SslAuthenticationException("ssl", new IOException("x"))))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
        assertThat(ApacheExceptions.toApache(new ConfigException("acks", "2", "must be one of all, 0, 1")))
                .isExactlyInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessage("Invalid value '2' for configuration 'acks': must be one of all, 0, 1");
    }

    /**
     * What the transactional methods throw: Samsa's consumer-side {@code CommitFailedException} (in
     * {@code io.samsa.clients.consumer}) becomes Apache's consumer one, which Kafka Streams catches by type; the
     * fencing errors keep their types; a JDK {@code IllegalStateException} is Apache's too and stays as it is.
     */
    @Test
    void theTransactionalExceptionsBecomeApaches() {
        assertThat(ApacheExceptions.toApache(new io.samsa.clients.consumer.CommitFailedException("late")))
                .isExactlyInstanceOf(org.apache.kafka.clients.consumer.CommitFailedException.class)
                .hasMessage("late");
        assertThat(ApacheExceptions.toApache(new io.samsa.common.errors.ProducerFencedException("fenced")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.ProducerFencedException.class)
                .hasMessage("fenced");
        assertThat(ApacheExceptions.toApache(new io.samsa.common.errors.InvalidProducerEpochException("epoch")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.InvalidProducerEpochException.class);
        assertThat(ApacheExceptions.toApache(new io.samsa.common.errors.TransactionAbortedException("aborted")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.TransactionAbortedException.class);
        IllegalStateException state = new IllegalStateException("no transaction in progress");
        assertThat(ApacheExceptions.thrown(state)).isSameAs(state);
        // An abortable failure: Apache's KafkaException whose cause is the record's own error, translated.
        assertThat(ApacheExceptions.thrown(new KafkaException("must be aborted", new RecordTooLargeException("big"))))
                .isExactlyInstanceOf(org.apache.kafka.common.KafkaException.class)
                .cause().isExactlyInstanceOf(org.apache.kafka.common.errors.RecordTooLargeException.class);
    }

    /** Has no Apache namesake: becomes Apache's TimeoutException, its nearest Samsa superclass's namesake. */
    static final class QueueTimeoutException extends TimeoutException {
        private static final long serialVersionUID = 1L;

        QueueTimeoutException(String message) {
            super(message);
        }
    }

    @Test
    void withoutANamesakeTheNearestSuperclassWithOneIsUsed() {
        assertThat(ApacheExceptions.toApache(new QueueTimeoutException("q")))
                .isExactlyInstanceOf(org.apache.kafka.common.errors.TimeoutException.class).hasMessage("q");
        // Apache has no ClosedException: its superclass's namesake, KafkaException.
        assertThat(ApacheExceptions.toApache(new ClosedException("closed")))
                .isExactlyInstanceOf(org.apache.kafka.common.KafkaException.class).hasMessage("closed");
    }

    @Test
    void causesAreTranslatedWhenSamsasAndKeptOtherwise() {
        IOException io = new IOException("connection reset");
        SslAuthenticationException ssl = new SslAuthenticationException("handshake failed", io);
        TimeoutException top = new TimeoutException("expired", ssl);
        top.addSuppressed(new ClosedException("also closed"));

        Exception out = ApacheExceptions.toApache(top);

        assertThat(out).isExactlyInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
                .hasMessage("expired");
        assertThat(out.getStackTrace()).isEqualTo(top.getStackTrace());
        assertThat(out.getCause()).isExactlyInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class)
                .hasMessage("handshake failed");
        assertThat(out.getCause().getCause()).isSameAs(io);
        assertThat(out.getSuppressed()).singleElement()
                .isExactlyInstanceOf(org.apache.kafka.common.KafkaException.class);
    }

    @Test
    void recordsFailingWithOneExceptionShareItsTranslation() {
        TimeoutException batchExpired = new TimeoutException("expired");
        Exception first = ApacheExceptions.toApache(batchExpired);
        assertThat(ApacheExceptions.toApache(batchExpired)).isSameAs(first);
        assertThat(ApacheExceptions.toApache(new TimeoutException("expired"))).isNotSameAs(first);
    }

    @Test
    void aMessageOnlyApacheClassStillGetsTheCause() {
        // Apache's ConfigException has no (String, Throwable) constructor: the cause is set with initCause.
        IllegalArgumentException why = new IllegalArgumentException("bad");
        Exception out = ApacheExceptions.toApache(new ConfigException("x", why));
        assertThat(out).isExactlyInstanceOf(org.apache.kafka.common.config.ConfigException.class).hasCause(why);
    }

    @Test
    void unauthorizedTopicsAreKept() {
        Exception out = ApacheExceptions.toApache(new TopicAuthorizationException("denied", Set.of("secret")));
        assertThat(out).isExactlyInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class);
        assertThat(((org.apache.kafka.common.errors.TopicAuthorizationException) out).unauthorizedTopics())
                .containsExactly("secret");
    }

    @Test
    void jdkExceptionsAreKeptButTheirSamsaCausesTranslated() {
        IllegalArgumentException plain = new IllegalArgumentException("plain");
        assertThat(ApacheExceptions.thrown(plain)).isSameAs(plain);

        IllegalStateException afterClose = new IllegalStateException("closed", new ClosedException("by close()"));
        RuntimeException out = ApacheExceptions.thrown(afterClose);
        assertThat(out).isExactlyInstanceOf(IllegalStateException.class).hasMessage("closed");
        assertThat(out.getCause()).isExactlyInstanceOf(org.apache.kafka.common.KafkaException.class)
                .hasMessage("by close()");
    }

    @Test
    void aSynchronousInterruptBecomesApachesInterruptException() {
        KafkaException interrupted = new KafkaException("Interrupted while flushing", new InterruptedException());
        try {
            assertThat(ApacheExceptions.thrown(interrupted)).isExactlyInstanceOf(InterruptException.class)
                    .hasMessage("Interrupted while flushing").hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).as("InterruptException keeps the flag set").isTrue();
        } finally {
            Thread.interrupted();
        }
        // Completing a future on another thread must not interrupt that thread: a plain KafkaException there.
        assertThat(ApacheExceptions.toApache(interrupted))
                .isExactlyInstanceOf(org.apache.kafka.common.KafkaException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
