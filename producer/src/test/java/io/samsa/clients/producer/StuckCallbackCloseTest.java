package io.samsa.clients.producer;

import io.samsa.common.serialization.StringSerializer;
import io.samsa.common.errors.ClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code close(timeout)} keeps its timeout when a user callback is stuck, and the records whose callbacks wait
 * behind it still complete once it returns. No broker is needed (and none would change the case): the records
 * wait for metadata that never comes and are failed by close.
 */
@Timeout(60)
class StuckCallbackCloseTest {

    @Test
    void closeKeepsItsTimeoutWhenACallbackIsStuckAndEveryFutureStillCompletes() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", "127.0.0.1:" + port);
        KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer());
        CountDownLatch release = new CountDownLatch(1);
        Callback stuck = (md, e) -> {
            try {
                release.await(30, TimeUnit.SECONDS); // a callback blocked on something that does not come
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        };
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            futures.add(producer.send(new ProducerRecord<>("no-such-broker", "v" + i), stuck));
        }

        Thread closer = new Thread(() -> producer.close(Duration.ofSeconds(1)), "closer");
        closer.start();
        closer.join(20_000);
        try {
            assertThat(closer.isAlive()).as("close(1 s) returned although a callback is stuck").isFalse();
            // As in Apache Kafka, a record's callback runs before its future completes (so get() returning means
            // the callback ran): the stuck callback's own future waits for it; close did not.
            assertThat(futures.get(0)).as("the first record's future completes only after its callback").isNotDone();
        } finally {
            release.countDown();
        }
        for (CompletableFuture<RecordMetadata> f : futures) {
            assertThatThrownBy(() -> f.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClosedException.class);
        }
    }
}
