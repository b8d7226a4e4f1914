package io.samsa.network;

import io.samsa.common.KafkaException;
import io.samsa.protocol.Response;

/**
 * Completion of one request. Called exactly once, on the I/O thread, after the network work of the poll that
 * completed it (so a callback may safely send further requests).
 *
 * @param <R> the response type
 */
@FunctionalInterface
public interface ResponseCallback<R extends Response> {
    /**
     * @param request  the request, with its negotiated version, correlation id and timings
     * @param response the response, or null when {@code error} is set, or when the request expects none
     *                 (Produce with acks=0 completes with null once fully written)
     * @param error    null on success; otherwise a {@link io.samsa.common.errors.NetworkException},
     *                 {@link io.samsa.common.errors.TimeoutException}, {@link io.samsa.common.errors.ClosedException} or
     *                 {@link io.samsa.common.errors.UnsupportedVersionException}
     */
    void onComplete(ClientRequest<R> request, R response, KafkaException error);
}
