/*
 * Samsa adapter run of Confluent's "Getting Started with Apache Kafka and Java" producer (the version that reads its
 * configuration from a file): upstream's text, Apache's types, sending through samsa-kafka-clients. Origin:
 * https://github.com/confluentinc/getting-started-guides, file java/src/main/java/examples/ProducerExample.java at
 * commit a869eb0d356dab845093a1cc70ff0dba30679b30 (2024-04-26; the file last changed in
 * 51acfb76e471a860c015482d2a03088d8836d677). Apache License 2.0, see
 * ported-examples/licenses/confluent-getting-started-guides-LICENSE.
 *
 * Changes: the package, examples -> adapter.examples (apart from the core port of the same name); one import line
 * added, "import io.samsa.kafka.SamsaKafkaProducer;"; "new KafkaProducer<>(" -> "new SamsaKafkaProducer<>(" in the 1
 * place it occurs. No other line differs.
 */
package adapter.examples;

import io.samsa.kafka.SamsaKafkaProducer;
import org.apache.kafka.clients.producer.*;

import java.io.*;
import java.nio.file.*;
import java.util.*;

public class ProducerExample {

    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            System.out.println("Please provide the configuration file path as a command line argument");
            System.exit(1);
        }

        // Load producer configuration settings from a local file
        final Properties props = loadConfig(args[0]);
        final String topic = "purchases";

        String[] users = {"eabara", "jsmith", "sgarcia", "jbernard", "htanaka", "awalther"};
        String[] items = {"book", "alarm clock", "t-shirts", "gift card", "batteries"};
        try (final Producer<String, String> producer = new SamsaKafkaProducer<>(props)) {
            final Random rnd = new Random();
            final Long numMessages = 10L;
            for (Long i = 0L; i < numMessages; i++) {
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

    // We'll reuse this function to load properties from the Consumer as well
    public static Properties loadConfig(final String configFile) throws IOException {
        if (!Files.exists(Paths.get(configFile))) {
            throw new IOException(configFile + " not found.");
        }
        final Properties cfg = new Properties();
        try (InputStream inputStream = new FileInputStream(configFile)) {
            cfg.load(inputStream);
        }
        return cfg;
    }
}