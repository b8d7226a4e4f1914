package io.samsa.spool;

/**
 * When the spool calls {@code fsync}, and so which crash an entry survives once {@link SpoolLog#append} has
 * returned. Every policy survives a crash of the producer's process alone: {@code append} has handed the bytes to
 * the operating system's page cache before it returns. The policies differ on an operating-system crash or a power
 * loss.
 */
public enum SyncPolicy {
    /**
     * Group commit: {@link SpoolLog#awaitDurable} returns {@code true} only once an {@code fsync} that started after
     * the entry was written has completed, so the entry survives an OS crash or power loss. One {@code fsync} by the
     * spool's syncer thread covers every entry appended before it started, so many waiting threads share it.
     */
    ALWAYS,
    /**
     * The syncer thread calls {@code fsync} every {@link SpoolOptions#syncIntervalMs()} when something was appended;
     * an OS crash loses at most the entries of the last interval. {@link SpoolLog#awaitDurable} waits for the next
     * such sync.
     */
    INTERVAL,
    /**
     * No explicit {@code fsync} except at {@link SpoolLog#close}: the operating system writes pages back when it
     * chooses (on Linux typically within 30 s), and an OS crash loses whatever it had not written.
     * {@link SpoolLog#awaitDurable} returns at once.
     */
    OS
}
