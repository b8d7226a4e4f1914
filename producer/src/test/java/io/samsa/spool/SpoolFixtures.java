package io.samsa.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Helpers the spool tests share. */
final class SpoolFixtures {
    private SpoolFixtures() {
    }

    /** One entry as read back. */
    record Entry(long position, byte type, String payload) {
    }

    static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A payload of {@code n} bytes that differs from entry to entry. */
    static String payload(int index, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + (index * 7 + i) % 26));
        }
        return b.toString();
    }

    static List<Entry> readAll(SpoolLog spool) throws IOException {
        return readFrom(spool, 0);
    }

    static List<Entry> readFrom(SpoolLog spool, long from) throws IOException {
        List<Entry> entries = new ArrayList<>();
        spool.read(from, (position, type, payload) -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            entries.add(new Entry(position, type, new String(bytes, StandardCharsets.UTF_8)));
            return true;
        });
        return entries;
    }

    static List<Path> segmentFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    static SpoolOptions.Builder osPolicy() {
        return SpoolOptions.builder().syncPolicy(SyncPolicy.OS);
    }
}
