package io.samsa.ported;

/**
 * Which copy of a program a test runs. The tests run each program in both variants with the same assertions; what
 * differs between the two is here, and {@link #pick} chooses the variant's class, constructor or {@code main}.
 */
enum Variant {
    /** The port by imports alone (src/main/java): Samsa's own producer and types. */
    CORE("io.samsa.common.", ""),
    /**
     * Upstream's text with Apache's types (src/test/java/adapter), constructing samsa-kafka-clients'
     * {@code SamsaKafkaProducer} where it constructed Apache's {@code KafkaProducer}.
     */
    ADAPTER("org.apache.kafka.common.", "adapter-");

    private final String exceptionPackage;
    private final String topicPrefix;

    Variant(String exceptionPackage, String topicPrefix) {
        this.exceptionPackage = exceptionPackage;
        this.topicPrefix = topicPrefix;
    }

    /** An exception's class name as the program sees it: {@code exception("errors.TopicAuthorizationException")}. */
    String exception(String nameUnderCommon) {
        return exceptionPackage + nameUnderCommon;
    }

    /** A topic of this variant's own, for tests whose program takes the topic name as a parameter. */
    String topic(String name) {
        return topicPrefix + name;
    }

    /** The variant's copy of something that exists in both. */
    <T> T pick(T core, T adapter) {
        return this == CORE ? core : adapter;
    }

    /** A program's {@code main}. */
    @FunctionalInterface
    interface Main {
        void run(String[] args) throws Exception;
    }
}
