package io.samsa.network;

import io.samsa.common.KafkaException;
import io.samsa.protocol.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests that have ended, waiting for their callbacks. {@link NetworkClient} records each ending where it
 * happens and runs the callbacks at the end of its poll, never in the middle of socket work: so a callback may
 * send again, and connection state is never seen half updated.
 *
 * <p>Every request completes exactly once: a second ending (a timeout racing a disconnect) is dropped. A callback
 * that throws is logged and the others still run.
 *
 * <p><b>Threading.</b> Owned by the I/O thread, like the {@link NetworkClient} that holds it.
 */
final class Completions {
    private static final Logger log = LoggerFactory.getLogger(Completions.class);

    private final List<Completion<?>> pending = new ArrayList<>();

    private record Completion<R extends Response>(ClientRequest<R> request, R response, KafkaException error) {
        void run() {
            try {
                request.callback.onComplete(request, response, error);
            } catch (RuntimeException e) {
                // A callback's bug must not kill the I/O thread, which serves every other request.
                log.error("Callback of {} threw", request.describe(), e);
            }
        }
    }

    /** Records how the request ended: with {@code response}, or with {@code error}. Ignored if it already had. */
    <R extends Response> void add(ClientRequest<R> request, Response response, KafkaException error) {
        if (request.markCompleted()) {
            @SuppressWarnings("unchecked")
            R r = (R) response;
            pending.add(new Completion<>(request, r, error));
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Runs the callbacks in the order the requests ended, then those of requests the callbacks ended, and so on. */
    void runAll() {
        while (!pending.isEmpty()) {
            List<Completion<?>> batch = new ArrayList<>(pending);
            pending.clear();
            int ran = 0;
            try {
                for (Completion<?> c : batch) {
                    ran++;
                    c.run();
                }
            } finally {
                if (ran < batch.size()) {
                    // An Error escaped a callback: the callbacks not yet run stay pending for the next poll
                    // (dropping them would leave their owners waiting for ever).
                    pending.addAll(0, batch.subList(ran, batch.size()));
                }
            }
        }
    }
}
