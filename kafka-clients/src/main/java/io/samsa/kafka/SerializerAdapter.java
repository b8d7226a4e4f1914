package io.samsa.kafka;

import io.samsa.common.errors.SerializationException;
import io.samsa.common.header.Headers;
import io.samsa.common.serialization.Serializer;

import java.util.Map;

/**
 * An Apache Kafka {@code Serializer} as a Samsa {@link Serializer}, so that the Samsa producer serializes on the
 * sending thread as usual. Made by {@link #wrap}: an Apache serializer that overrides the header-aware
 * {@code serialize(topic, headers, data)} gets the {@link HeaderAware} subclass, which overrides Samsa's too; the
 * others get this class, which does not, so that the Samsa producer knows it need not give them headers (a record
 * without headers then costs no headers object at all).
 *
 * <p>Failures are Apache's: a {@link ClassCastException} (the data is not of the serializer's type) becomes a
 * {@code SerializationException} naming both classes, as in Apache's producer; anything else the serializer
 * throws reaches the caller of {@code send} unchanged ({@link #originalFailure}).
 *
 * <p>Thread-safe if the Apache serializer is (the producer calls it from every sending thread).
 *
 * @param <T> the type serialized
 */
class SerializerAdapter<T> implements Serializer<T> {
    final org.apache.kafka.common.serialization.Serializer<T> apache;
    private final boolean isKey;

    private SerializerAdapter(org.apache.kafka.common.serialization.Serializer<T> apache, boolean isKey) {
        this.apache = apache;
        this.isKey = isKey;
    }

    /** The adapter for {@code apache}: header-aware exactly when {@link #seesHeaders} says so. */
    static <T> SerializerAdapter<T> wrap(org.apache.kafka.common.serialization.Serializer<T> apache, boolean isKey) {
        return seesHeaders(apache.getClass()) ? new HeaderAware<>(apache, isKey) : new SerializerAdapter<>(apache, isKey);
    }

    /** Whether an Apache serializer class overrides the header-aware {@code serialize} (else it ignores headers). */
    static boolean seesHeaders(Class<?> apacheSerializer) {
        try {
            return apacheSerializer.getMethod("serialize", String.class, org.apache.kafka.common.header.Headers.class,
                    Object.class).getDeclaringClass() != org.apache.kafka.common.serialization.Serializer.class;
        } catch (NoSuchMethodException | SecurityException e) {
            return true; // cannot tell: give it headers
        }
    }

    /**
     * Does nothing: the Apache serializer was configured as Apache's producer configures it (a class named in the
     * configuration) or not at all (an instance given to the constructor), before it was wrapped.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public byte[] serialize(String topic, T data) {
        try {
            return apache.serialize(topic, data);
        } catch (RuntimeException e) {
            throw failure(topic, data, e);
        }
    }

    @Override
    public void close() {
        apache.close();
    }

    final RuntimeException failure(String topic, T data, RuntimeException e) {
        if (e instanceof ClassCastException && data != null) {
            // Apache's producer words it so; the topic is named so that the Samsa producer passes it on as it is.
            return new SerializationException("Can't convert " + (isKey ? "key" : "value") + " of class "
                    + data.getClass().getName() + " to class " + apache.getClass().getName() + " specified in "
                    + (isKey ? "key" : "value") + ".serializer (topic " + topic + ")", e);
        }
        return new SerializerFailure(e);
    }

    /**
     * What the user's serializer threw, if {@code e} (thrown by the Samsa producer's {@code send}) is its failure;
     * else null. Apache's producer lets such exceptions through unchanged, and so does {@link SamsaKafkaProducer}.
     */
    static RuntimeException originalFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SerializerFailure) {
                return (RuntimeException) t.getCause();
            }
        }
        return null;
    }

    /** Carries a serializer's own exception through the Samsa producer, which wraps what serializers throw. */
    private static final class SerializerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SerializerFailure(RuntimeException cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /** For Apache serializers that read or add headers: they get the record's Apache headers. */
    static final class HeaderAware<T> extends SerializerAdapter<T> {
        private HeaderAware(org.apache.kafka.common.serialization.Serializer<T> apache, boolean isKey) {
            super(apache, isKey);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, T data) {
            try {
                return apache.serialize(topic, apacheHeaders(headers), data);
            } catch (RuntimeException e) {
                throw failure(topic, data, e);
            }
        }

        /**
         * The Apache headers behind {@code headers}: the record's own when {@link SamsaKafkaProducer} sent it (the
         * common case: it always hands a header-aware serializer an {@link ApacheHeaders}); a view of Samsa's
         * headers when a Samsa interceptor replaced the record.
         */
        private static org.apache.kafka.common.header.Headers apacheHeaders(Headers headers) {
            if (headers instanceof ApacheHeaders) {
                return ((ApacheHeaders) headers).apache();
            }
            if (headers == null) {
                return new org.apache.kafka.common.header.internals.RecordHeaders();
            }
            return new SamsaHeaders(headers);
        }
    }
}
