/*
 * Samsa adapter run of Baeldung's "Custom Headers in Kafka Messages" tutorial program: upstream's text, Apache's
 * types, sending through samsa-kafka-clients. Origin: https://github.com/eugenp/tutorials, file
 * apache-kafka/src/main/java/com/baeldung/kafka/headers/KafkaMessageHeaders.java at commit
 * 2430217689fbaf1e212d452cc68fe39859639686 (the file last changed in 0d1f210bde3360ffbdacc33b8a05377206b12955,
 * 2024-09-06). MIT License, Copyright (c) 2017 Eugen Paraschiv; the full notice is in
 * ported-examples/licenses/baeldung-tutorials-LICENSE.
 *
 * Changes: the package, com.baeldung.kafka.headers -> adapter.com.baeldung.kafka.headers (apart from the core port of
 * the same name); one import line added, "import io.samsa.kafka.SamsaKafkaProducer;"; "KafkaProducer" ->
 * "SamsaKafkaProducer" in the 2 places the class is named outside the imports: the constructor call in setup(), and,
 * because the program declares its producer field as Apache's class KafkaProducer (SamsaKafkaProducer implements
 * Apache's Producer interface, it is not a KafkaProducer), the field's type. The import of Apache's KafkaProducer
 * stays, unused. The consumer half (Apache's KafkaConsumer, still "localhost:9092") is unchanged and runs.
 */
package adapter.com.baeldung.kafka.headers;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

public class KafkaMessageHeaders {

    private static Logger logger = LoggerFactory.getLogger(KafkaMessageHeaders.class);

    private static String TOPIC = "baeldung";
    private static String MESSAGE_KEY = "message";
    private static String MESSAGE_VALUE = "Hello World";
    private static String HEADER_KEY = "website";
    private static String HEADER_VALUE = "baeldung.com";

    private static SamsaKafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> consumer;

    public static void main(String[] args) {
        setup();

        publishMessageWithCustomHeaders();

        consumeMessageWithCustomHeaders();
    }

    private static void consumeMessageWithCustomHeaders() {
        consumer.subscribe(Arrays.asList(TOPIC));

        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMinutes(1));
        for (ConsumerRecord<String, String> record : records) {
            logger.info(record.key());
            logger.info(record.value());

            Headers headers = record.headers();
            for (Header header : headers) {
                logger.info(header.key());
                logger.info(new String(header.value()));
            }
        }
    }

    private static void publishMessageWithCustomHeaders() {
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader(HEADER_KEY, HEADER_VALUE.getBytes()));

        ProducerRecord<String, String> record1 = new ProducerRecord<>(TOPIC, null, MESSAGE_KEY, MESSAGE_VALUE, headers);
        producer.send(record1);

        ProducerRecord<String, String> record2 = new ProducerRecord<>(TOPIC, null, System.currentTimeMillis(), MESSAGE_KEY, MESSAGE_VALUE, headers);
        producer.send(record2);
    }

    private static void setup() {
        Properties producerProperties = new Properties();
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());

        Properties consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, "ConsumerGroup1");

        producer = new SamsaKafkaProducer<>(producerProperties);
        consumer = new KafkaConsumer<>(consumerProperties);
    }

}
