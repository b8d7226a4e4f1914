package io.samsa.clients.producer.internals;

import io.samsa.common.errors.AuthenticationException;
import io.samsa.metadata.MetadataManager;
import io.samsa.network.IoService;
import io.samsa.network.NetworkClient;
import io.samsa.sender.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an authentication failure (SASL or TLS) on any connection into prompt failures of everything waiting:
 * queued batches, records parked for metadata, callers waiting for metadata. Without it those would wait for
 * a connection that cannot succeed and fail only at {@code delivery.timeout.ms} / {@code max.block.ms}, with a
 * timeout that hides the cause.
 *
 * <p>Runs first among the producer's I/O services, so that a failure seen in the network poll is acted on
 * before the sender tries again. Records sent afterwards are tried again (credentials may be fixed on the
 * broker side), and fail again as soon as their connection attempt fails. I/O thread only.
 */
public final class AuthenticationFailures implements IoService {
    private static final Logger log = LoggerFactory.getLogger(AuthenticationFailures.class);

    private final NetworkClient network;
    private final MetadataManager metadata;
    private final PendingRecords pending;
    private final Sender sender;
    private long seen;

    public AuthenticationFailures(NetworkClient network, MetadataManager metadata, PendingRecords pending,
                                  Sender sender) {
        this.network = network;
        this.metadata = metadata;
        this.pending = pending;
        this.sender = sender;
    }

    @Override
    public long poll(long nowMs) {
        long count = network.authenticationFailureCount();
        if (count == seen) {
            return Long.MAX_VALUE;
        }
        seen = count;
        AuthenticationException e = network.lastAuthenticationFailure();
        int parked = pending.size();
        pending.failAll(e);
        int batches = sender.failQueuedBatches(e);
        metadata.failWaiters(e);
        log.debug("Authentication failed; failed {} parked record(s) and {} queued batch(es): {}", parked, batches,
                e.getMessage());
        return Long.MAX_VALUE;
    }

    @Override
    public void close() {
    }
}
