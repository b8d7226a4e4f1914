package io.samsa.spool;

import java.nio.file.Path;

/**
 * Run in a forked JVM by {@link SpoolDirectoryTest}: opens the spool in the directory given as the argument,
 * prints {@code LOCKED}, and holds it until its standard input closes.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (SpoolLog spool = SpoolLog.open(Path.of(args[0]), SpoolOptions.builder().syncPolicy(SyncPolicy.OS)
                .build())) {
            System.out.println("LOCKED");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Holds the lock until the parent closes our stdin (or dies, which closes it too).
            }
        }
    }
}
