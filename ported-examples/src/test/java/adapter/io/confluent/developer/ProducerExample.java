/*
 * Samsa adapter run of Confluent's "Getting Started with Apache Kafka and Java" producer, current local-broker
 * version: upstream's text, Apache's types, sending through samsa-kafka-clients. Origin:
 * https://github.com/confluentinc/getting-started-guides, file
 * java/src/main/java/io/confluent/developer/ProducerExampleLocal.java at commit
 * ee53d638a35a1e706975e2fad513bdf9730ede6c (2025-02-10; the file last changed in
 * 4d1b6db3faa18d0a1f4369778dbb94d2c78c5e9e). Apache License 2.0, see
 * ported-examples/licenses/confluent-getting-started-guides-LICENSE.
 *
 * Changes: the package, io.confluent.developer -> adapter.io.confluent.developer (apart from the core port of the
 * same name); the file is saved as ProducerExample.java, the name of the public class it declares; one import line
 * added, "import io.samsa.kafka.SamsaKafkaProducer;"; "new KafkaProducer<>(" -> "new SamsaKafkaProducer<>(" in the 1
 * place it occurs. The import of Apache's KafkaProducer stays, unused. No other line differs: BOOTSTRAP_SERVERS_CONFIG
 * is still the guide's placeholder "localhost:<PLAINTEXT PORTS>".
 */
package adapter.io.confluent.developer;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.Random;

import static org.apache.kafka.clients.producer.ProducerConfig.*;

public class ProducerExample {

    public static void main(final String[] args) {
        final Properties props = new Properties() {{
            // User-specific properties that you must set
            put(BOOTSTRAP_SERVERS_CONFIG, "localhost:<PLAINTEXT PORTS>");

            // Fixed properties
            put(KEY_SERIALIZER_CLASS_CONFIG,   StringSerializer.class.getCanonicalName());
            put(VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getCanonicalName());
            put(ACKS_CONFIG,                   "all");
        }};

        final String topic = "purchases";

        String[] users = {"eabara", "jsmith", "sgarcia", "jbernard", "htanaka", "awalther"};
        String[] items = {"book", "alarm clock", "t-shirts", "gift card", "batteries"};
        try (final Producer<String, String> producer = new SamsaKafkaProducer<>(props)) {
            final Random rnd = new Random();
            final int numMessages = 10;
            for (int i = 0; i < numMessages; i++) {
                String user = users[rnd.nextInt(users.length)];
                String item = items[rnd.nextInt(items.length)];

                producer.send(
                        new ProducerRecord<>(topic, user, item),
                        (event, ex) -> {
                            if (ex != null)
                                ex.printStackTrace();
                            else
                                System.out.printf("Produced event to topic %s: key = %-10s value = %s%n", topic, user, item);
                        });
            }
            System.out.printf("%s events were produced to topic %s%n", numMessages, topic);
        }

    }
}