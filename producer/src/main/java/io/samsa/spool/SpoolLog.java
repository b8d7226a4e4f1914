package io.samsa.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static io.samsa.spool.SegmentFormat.ENTRY_OVERHEAD;
import static io.samsa.spool.SegmentFormat.FRAME_BYTES;
import static io.samsa.spool.SegmentFormat.HEADER_BYTES;

/**
 * A write-ahead log in a directory of its own: entries (a type byte and a payload) are appended, made durable per
 * the {@link SyncPolicy}, read back in order, and released once no longer needed.
 *
 * <h2>Positions</h2>
 * An entry's position is a byte offset in the concatenation of every segment's entries (headers excluded): the
 * first entry ever written is at 0, and an entry of {@code n} payload bytes is followed by one at
 * {@code position + 9 + n}. A segment's base position is the position of its first entry and names its file, so
 * positions keep growing across segments, releases and restarts.
 *
 * <h2>Directory</h2>
 * <pre>
 *  dir/lock                          "pid@host" of the holder; locked with FileChannel.tryLock while open
 *  dir/00000000000000000000.log      segment of base position 0
 *  dir/00000000000000067108844.log   the next one (base = previous base + its bytes - 20), ...
 * </pre>
 *
 * <h2>Segment layout (big-endian; offsets from the start of the file)</h2>
 * <pre>
 *  0        4        6        8                 16       20
 *  +--------+--------+--------+-----------------+--------+------------------------------------
 *  | magic  |version |flags   | basePosition    |header- | entry | entry | ...
 *  | "SPOL" | int16  |int16   | int64 (= name)  |crc     |       |       |
 *  | int32  | (1)    |(0)     |                 |int32   |       |       |
 *  +--------+--------+--------+-----------------+--------+------------------------------------
 *                                                  CRC-32C of bytes 0..15
 * </pre>
 *
 * <h2>Entry layout</h2>
 * <pre>
 *  0        4        8      9
 *  +--------+--------+------+--------------------+
 *  | length | crc    | type | payload            |
 *  | int32  | int32  | int8 | length - 1 bytes   |
 *  +--------+--------+------+--------------------+
 *                    |&lt;--- length counts ----&gt;|
 *                    |&lt;--- CRC-32C covers ---&gt;|
 * </pre>
 * An unknown version is refused at open rather than skipped: a newer layout may frame entries differently, and
 * guessing would lose them.
 *
 * <h2>Recovery at open</h2>
 * Every entry of every segment is checked (frame and CRC). Damage that no valid entry follows, in the last
 * segment, is a torn tail: the write in progress at a crash, never reported durable; it is cut and logged at WARN.
 * Damage anywhere else may hold entries reported durable, so opening fails with {@link SpoolCorruptException}
 * naming the file and offset, unless {@link SpoolOptions#skipCorruption()} is set (then the range is skipped by
 * reads and logged at ERROR). Finding "a valid entry follows" tries every byte offset after the damage until an
 * entry frames and checks; in the usual torn tail (few bytes, or zeros) that is quick.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>{@link #append} runs on any thread (the producer's application threads). {@code writeLock} guards the
 *       active segment's channel and size, the segment list and the byte total, and is held for the write itself
 *       (the CRC is computed before taking it); a segment roll, once per {@code spool.segment.bytes}, also fsyncs
 *       the old segment and the directory inside it (unless the policy is OS).</li>
 *   <li>The syncer thread ({@code samsa-spool-syncer-<dir>}, daemon; ALWAYS and INTERVAL only) owns every fsync of
 *       the active segment after open and before close. {@code syncLock} guards the requested and durable
 *       positions and wakes the threads in {@link #awaitDurable}. Lock order: {@code writeLock} before
 *       {@code syncLock}, never the reverse.</li>
 *   <li>{@link #release} runs on any thread (the producer's I/O thread); it unlinks the released segments' files
 *       outside {@code writeLock}.</li>
 *   <li>{@link #read} runs on any thread, reading through its own mappings of the files up to the end position
 *       at the call; appends go on meanwhile.</li>
 * </ul>
 * An IOException from an fsync is remembered: afterwards every append and await fails with it, because after a
 * failed fsync the state of the file is unknown and reporting anything durable would be a lie. A write that runs
 * out of disk space is cut back instead (see {@link SpoolDiskFullException}); any other write failure is
 * remembered like a failed fsync.
 */
public final class SpoolLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpoolLog.class);

    static final String LOCK_FILE = "lock";
    /** How long close() waits for the syncer's fsync in progress before going on without it. */
    private static final long CLOSE_TIMEOUT_MS = 30_000;
    /** The ALWAYS syncer re-checks for close at least this often, so that its wait has a bound too. */
    private static final long IDLE_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Directories locked by this JVM: a second open must not even open the lock file, because closing any
     *  descriptor of a file releases the process's POSIX locks on it. */
    private static final Set<Path> LOCKED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    /** One segment file. {@code size} changes only for the active segment, under writeLock. */
    private static final class Segment {
        final long base;
        final Path path;
        long size;
        /** Set under writeLock once the segment has been fsynced (policy permitting) and is no longer active. */
        volatile boolean sealed;

        Segment(long base, Path path, long size) {
            this.base = base;
            this.path = path;
            this.size = size;
        }

        long end() {
            return base + size - HEADER_BYTES;
        }
    }

    private final Path dir;
    private final Path lockKey;
    private final SpoolOptions options;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    /** Ranges [start, end) of positions skipped at open under skipCorruption; immutable after open. */
    private final NavigableMap<Long, Long> holes;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition spaceFreed = writeLock.newCondition();
    private final ArrayDeque<Segment> segments;
    private Segment active;
    private FileChannel activeChannel;
    private long totalBytes;
    /** Position after the last entry written; written under writeLock, read anywhere. */
    private volatile long endPosition;

    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition syncRequested = syncLock.newCondition();
    private final Condition durableAdvanced = syncLock.newCondition();
    /** Highest position + 1 some thread in awaitDurable waits for; guarded by syncLock. */
    private long requestedPosition;
    /** Every entry below this position has been fsynced (or was found on disk at open). */
    private volatile long durablePosition;
    private volatile IOException failure;
    private volatile boolean closed;
    /** Set once close() has done its final sync, so awaiters stop waiting. */
    private volatile boolean terminated;
    private final AtomicLong syncCount = new AtomicLong();
    private final Thread syncer;

    private SpoolLog(Path dir, Path lockKey, SpoolOptions options, FileChannel lockChannel, FileLock fileLock,
                     Recovered recovered) {
        this.dir = dir;
        this.lockKey = lockKey;
        this.options = options;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.holes = Collections.unmodifiableNavigableMap(recovered.holes);
        this.segments = recovered.segments;
        this.active = segments.getLast();
        this.activeChannel = recovered.activeChannel;
        this.totalBytes = segments.stream().mapToLong(s -> s.size).sum();
        this.endPosition = active.end();
        this.durablePosition = endPosition;
        if (options.syncPolicy() == SyncPolicy.OS) {
            this.syncer = null;
        } else {
            this.syncer = new Thread(this::runSyncer, "samsa-spool-syncer-" + dir.getFileName());
            this.syncer.setDaemon(true);
            this.syncer.start();
        }
    }

    /**
     * Opens the spool in {@code dir}, creating the directory if missing, locking it, and recovering what is in it
     * (see the class comment).
     *
     * @throws SpoolLockedException  if another producer, in this JVM or another, has the directory open
     * @throws SpoolCorruptException if a segment is damaged where durable entries may live
     * @throws SpoolException        if the directory cannot be created or written, or a segment has an unknown
     *                               format version or is not a spool segment
     */
    public static SpoolLog open(Path dir, SpoolOptions options) throws SpoolException {
        dir = dir.toAbsolutePath().normalize();
        prepareDirectory(dir);
        Path lockKey;
        try {
            lockKey = dir.toRealPath();
        } catch (IOException e) {
            throw new SpoolException("cannot resolve spool directory " + dir + ": " + e, e);
        }
        if (!LOCKED_IN_THIS_JVM.add(lockKey)) {
            throw new SpoolLockedException("spool directory " + dir + " is already open in this process (pid "
                    + ProcessHandle.current().pid() + "): two producers cannot share a spool directory");
        }
        FileChannel lockChannel = null;
        boolean opened = false;
        try {
            lockChannel = lockFile(dir);
            FileLock fileLock;
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                String holder = readHolder(dir.resolve(LOCK_FILE));
                throw new SpoolLockedException("spool directory " + dir + " is locked by another process ("
                        + holder + "): two producers cannot share a spool directory");
            }
            writeHolder(lockChannel);
            Recovered recovered = recover(dir, options);
            SpoolLog spool = new SpoolLog(dir, lockKey, options, lockChannel, fileLock, recovered);
            opened = true;
            return spool;
        } catch (SpoolException e) {
            throw e;
        } catch (IOException e) {
            throw new SpoolException("cannot open spool directory " + dir + ": " + e, e);
        } finally {
            if (!opened) {
                // Closing the channel releases the file lock with it.
                closeQuietly(lockChannel);
                LOCKED_IN_THIS_JVM.remove(lockKey);
            }
        }
    }

    private static void prepareDirectory(Path dir) throws SpoolException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SpoolException("spool directory " + dir + " exists but is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new SpoolException("cannot create spool directory " + dir + ": " + e.getFile()
                    + " exists and is not a directory", e);
        } catch (AccessDeniedException e) {
            throw new SpoolException("cannot create spool directory " + dir + ": permission denied on "
                    + e.getFile(), e);
        } catch (IOException e) {
            throw new SpoolException("cannot create spool directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new SpoolException("spool directory " + dir + " is not writable by this process (user "
                    + System.getProperty("user.name") + "): the spool creates and deletes segment files in it");
        }
    }

    private static FileChannel lockFile(Path dir) throws SpoolException {
        Path path = dir.resolve(LOCK_FILE);
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new SpoolException("cannot open the spool lock file " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new SpoolException("cannot open the spool lock file " + path + ": " + e, e);
        }
    }

    private static void writeHolder(FileChannel lockChannel) throws IOException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown-host";
        }
        byte[] holder = ("pid " + ProcessHandle.current().pid() + " on " + host + "\n")
                .getBytes(StandardCharsets.UTF_8);
        lockChannel.truncate(0);
        ByteBuffer b = ByteBuffer.wrap(holder);
        long position = 0;
        while (b.hasRemaining()) {
            position += lockChannel.write(b, position);
        }
    }

    /** Read from another process's lock file: closing this descriptor does not release that process's lock. */
    private static String readHolder(Path lockFile) {
        try {
            String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            return holder.isEmpty() ? "holder not written yet" : holder;
        } catch (IOException e) {
            return "holder unreadable: " + e;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recovery

    private static final class Recovered {
        final ArrayDeque<Segment> segments = new ArrayDeque<>();
        final NavigableMap<Long, Long> holes = new TreeMap<>();
        FileChannel activeChannel;
    }

    private static Recovered recover(Path dir, SpoolOptions options) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir)) {
            listing.filter(p -> SegmentFormat.baseOf(p) >= 0).forEach(files::add);
        }
        files.sort((a, b) -> Long.compare(SegmentFormat.baseOf(a), SegmentFormat.baseOf(b)));
        Recovered r = new Recovered();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                boolean last = i == files.size() - 1;
                Segment segment = recoverSegment(file, SegmentFormat.baseOf(file), last, options, r.holes);
                Segment previous = r.segments.peekLast();
                if (previous != null && previous.end() != segment.base) {
                    checkContinuity(previous, segment, options);
                }
                r.segments.add(segment);
            }
            if (r.segments.isEmpty()) {
                Path path = dir.resolve(SegmentFormat.fileName(0));
                r.activeChannel = createSegment(path, 0, options);
                syncDirectory(dir, options);
                r.segments.add(new Segment(0, path, HEADER_BYTES));
            } else {
                Segment last = r.segments.getLast();
                r.activeChannel = options.channelOpener().open(last.path, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                r.activeChannel.position(last.size);
                // What a crashed predecessor left in the page cache is made durable before it counts as such.
                if (options.syncPolicy() != SyncPolicy.OS) {
                    r.activeChannel.force(false);
                }
            }
            for (Segment s : r.segments) {
                if (s != r.segments.getLast()) {
                    s.sealed = true;
                }
            }
            return r;
        } catch (IOException | RuntimeException e) {
            closeQuietly(r.activeChannel);
            throw e;
        }
    }

    private static void checkContinuity(Segment previous, Segment next, SpoolOptions options)
            throws SpoolCorruptException {
        String problem = "segment " + previous.path + " ends at position " + previous.end() + " but the next, "
                + next.path + ", starts at " + next.base;
        if (previous.end() > next.base || !options.skipCorruption()) {
            throw new SpoolCorruptException(problem + (previous.end() > next.base ? " (they overlap)"
                    : ": entries in between are missing (set " + SpoolOptions.SKIP_CORRUPTION_CONFIG
                    + " to open anyway)"), previous.path, previous.size);
        }
        log.error("Spool: {}; skipping the gap ({})", problem, SpoolOptions.SKIP_CORRUPTION_CONFIG);
    }

    private static Segment recoverSegment(Path file, long base, boolean last, SpoolOptions options,
                                          NavigableMap<Long, Long> holes) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize > SpoolOptions.MAX_SEGMENT_BYTES) {
            throw new SpoolCorruptException("segment " + file + " is " + fileSize + " bytes, more than any spool "
                    + "segment can be (" + SpoolOptions.MAX_SEGMENT_BYTES + ")", file, 0);
        }
        int size = (int) fileSize;
        if (size <= HEADER_BYTES && last && tornHeader(file, base, size)) {
            // The roll that created this file crashed before its header was whole; no entry can be in it.
            log.warn("Spool: segment {} has a torn header ({} bytes); rewriting it", file, size);
            try (FileChannel ch = options.channelOpener().open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                writeFully(ch, SegmentFormat.header(base));
            }
            return new Segment(base, file, HEADER_BYTES);
        }
        if (size < HEADER_BYTES) {
            throw new SpoolCorruptException("segment " + file + " is " + size + " bytes, shorter than a segment "
                    + "header (" + HEADER_BYTES + ")", file, 0);
        }
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.BIG_ENDIAN);
        }
        checkHeader(file, base, buf);
        int offset = HEADER_BYTES;
        while (offset < size) {
            String invalid = SegmentFormat.invalidEntry(buf, offset, size);
            if (invalid == null) {
                offset += FRAME_BYTES + buf.getInt(offset);
                continue;
            }
            int next = nextValidEntry(buf, offset + 1, size);
            long position = base + offset - HEADER_BYTES;
            if (next < 0 && last) {
                log.warn("Spool: cut the torn tail of {}: {} bytes from file offset {} (position {}): {}", file,
                        size - offset, offset, position, invalid);
                try (FileChannel ch = options.channelOpener().open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(offset);
                    if (options.syncPolicy() != SyncPolicy.OS) {
                        ch.force(false);
                    }
                }
                return new Segment(base, file, offset);
            }
            int resume = next < 0 ? size : next;
            String problem = "segment " + file + " is damaged at file offset " + offset + " (position " + position
                    + "): " + invalid + "; " + (next < 0
                    ? "no valid entry follows, but it is not the last segment"
                    : "a valid entry follows at file offset " + next)
                    + ", so " + (resume - offset) + " bytes of entries that may have been reported durable are "
                    + "unreadable";
            if (!options.skipCorruption()) {
                throw new SpoolCorruptException(problem + " (set " + SpoolOptions.SKIP_CORRUPTION_CONFIG
                        + " to skip them and open anyway)", file, offset);
            }
            log.error("Spool: {}; skipping them ({})", problem, SpoolOptions.SKIP_CORRUPTION_CONFIG);
            holes.put(position, base + resume - HEADER_BYTES);
            offset = resume;
        }
        return new Segment(base, file, size);
    }

    /** Whether the file holds a prefix of the header a roll writes, or only zeros: what a crash in a roll leaves. */
    private static boolean tornHeader(Path file, long base, int size) throws IOException {
        byte[] content = Files.readAllBytes(file);
        byte[] header = SegmentFormat.header(base).array();
        boolean prefix = content.length < HEADER_BYTES;
        boolean zeros = true;
        for (int i = 0; i < content.length; i++) {
            prefix &= content[i] == header[i];
            zeros &= content[i] == 0;
        }
        return prefix || zeros;
    }

    private static void checkHeader(Path file, long base, ByteBuffer buf) throws SpoolException {
        int magic = buf.getInt(0);
        if (magic != SegmentFormat.MAGIC) {
            throw new SpoolCorruptException(String.format("%s is not a spool segment: magic %08x, expected %08x",
                    file, magic, SegmentFormat.MAGIC), file, 0);
        }
        short version = buf.getShort(4);
        if (version != SegmentFormat.VERSION) {
            throw new SpoolException("segment " + file + " has format version " + version + "; this Samsa reads "
                    + "version " + SegmentFormat.VERSION + " only, so it refuses to open the spool rather than "
                    + "lose its entries (was it written by a newer Samsa?)");
        }
        int stored = buf.getInt(16);
        int computed = SegmentFormat.headerCrc(buf);
        if (stored != computed) {
            throw new SpoolCorruptException(String.format("segment %s has a damaged header: CRC-32C stored %08x, "
                    + "computed %08x", file, stored, computed), file, 0);
        }
        long headerBase = buf.getLong(8);
        if (headerBase != base) {
            throw new SpoolCorruptException("segment " + file + " says its base position is " + headerBase
                    + " but its name says " + base, file, 8);
        }
    }

    /** The first offset from {@code from} where a valid entry starts, or -1. */
    private static int nextValidEntry(ByteBuffer buf, int from, int size) {
        for (int offset = from; offset + ENTRY_OVERHEAD <= size; offset++) {
            int length = buf.getInt(offset);
            if (length >= 1 && length <= size - offset - FRAME_BYTES
                    && SegmentFormat.invalidEntry(buf, offset, size) == null) {
                return offset;
            }
        }
        return -1;
    }

    private static FileChannel createSegment(Path path, long base, SpoolOptions options) throws IOException {
        FileChannel ch = options.channelOpener().open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            writeFully(ch, SegmentFormat.header(base));
            return ch;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            try {
                Files.deleteIfExists(path);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Makes a created (or renamed) file's directory entry durable; a no-op under the OS policy. */
    private static void syncDirectory(Path dir, SpoolOptions options) throws IOException {
        if (options.syncPolicy() == SyncPolicy.OS) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; their file systems journal the entry themselves.
            log.debug("Spool: cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appending

    /** Bytes an entry of {@code payloadBytes} payload takes in a segment. */
    public static long entryBytes(long payloadBytes) {
        return ENTRY_OVERHEAD + payloadBytes;
    }

    /**
     * Appends one entry: {@code type} then the remaining bytes of each payload buffer, in order (the buffers'
     * positions are left as they were, so callers pass bytes they already have without copying them). When this
     * returns the bytes are in the operating system's hands; call {@link #awaitDurable} for the policy's
     * durability.
     *
     * @return the entry's position
     * @throws SpoolFullException      if the entry would take the spool past {@code spool.max.bytes}
     * @throws SpoolDiskFullException  if the file system is full; nothing was written
     * @throws SpoolException          if an earlier fsync or write failed, or this write failed
     * @throws IllegalArgumentException if the entry cannot fit in a segment
     * @throws IllegalStateException   if the spool is closed
     */
    public long append(byte type, ByteBuffer... payload) throws SpoolException {
        long payloadBytes = 0;
        for (ByteBuffer b : payload) {
            payloadBytes += b.remaining();
        }
        long entryBytes = entryBytes(payloadBytes);
        if (entryBytes > options.segmentBytes() - HEADER_BYTES) {
            throw new IllegalArgumentException("a spool entry of " + entryBytes + " bytes cannot fit in a segment "
                    + "of " + SpoolOptions.SEGMENT_BYTES_CONFIG + "=" + options.segmentBytes() + " (" + HEADER_BYTES
                    + " of which are its header)");
        }
        ByteBuffer[] sources = new ByteBuffer[payload.length + 1];
        CRC32C crc = new CRC32C();
        crc.update(type);
        for (int i = 0; i < payload.length; i++) {
            sources[i + 1] = payload[i].duplicate();
            crc.update(payload[i].duplicate());
        }
        sources[0] = ByteBuffer.allocate(ENTRY_OVERHEAD).putInt((int) (payloadBytes + 1)).putInt((int) crc.getValue())
                .put(type).flip();

        writeLock.lock();
        try {
            ensureUsable();
            long needed = bytesNeeded(entryBytes);
            if (totalBytes + needed > options.maxBytes()) {
                throw new SpoolFullException("spool " + dir + " is full: " + SpoolOptions.MAX_BYTES_CONFIG + "="
                        + options.maxBytes() + ", it holds " + totalBytes + " bytes and the entry needs " + needed
                        + "; release acknowledged entries or wait with awaitSpace", options.maxBytes(), totalBytes,
                        needed);
            }
            if (needed > entryBytes) {
                roll();
            }
            long offset = active.size;
            write(sources, offset, entryBytes);
            active.size += entryBytes;
            totalBytes += entryBytes;
            long position = active.base + offset - HEADER_BYTES;
            endPosition = position + entryBytes;
            return position;
        } finally {
            writeLock.unlock();
        }
    }

    /** Entry bytes plus a new segment's header if the entry makes the active segment roll. Under writeLock. */
    private long bytesNeeded(long entryBytes) {
        boolean roll = active.size + entryBytes > options.segmentBytes() && active.size > HEADER_BYTES;
        return entryBytes + (roll ? HEADER_BYTES : 0);
    }

    private void ensureUsable() throws SpoolException {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
        IOException f = failure;
        if (f != null) {
            throw new SpoolException("spool " + dir + " failed earlier and accepts nothing more (the state of its "
                    + "files after a failed write or fsync is unknown): " + f, f);
        }
    }

    /** Writes the entry at {@code offset} of the active segment, or cuts the file back to it. Under writeLock. */
    private void write(ByteBuffer[] sources, long offset, long entryBytes) throws SpoolException {
        // An interrupt closes a FileChannel under every thread using it; the caller's interrupt is kept for later.
        boolean interrupted = Thread.interrupted();
        try {
            long written = 0;
            while (written < entryBytes) {
                written += activeChannel.write(sources);
            }
        } catch (IOException e) {
            undoWrite(offset, entryBytes, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void undoWrite(long offset, long entryBytes, IOException e) throws SpoolException {
        try {
            if (!activeChannel.isOpen()) {
                // Closed by an interrupt that arrived during the write: reopen, since the spool itself is fine.
                activeChannel = options.channelOpener().open(active.path, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }
            activeChannel.truncate(offset);
            activeChannel.position(offset);
        } catch (IOException t) {
            e.addSuppressed(t);
            fail(e);
            throw new SpoolException("write to spool segment " + active.path + " failed and could not be cut back "
                    + "to offset " + offset + "; the spool accepts nothing more: " + e, e);
        }
        if (e instanceof ClosedByInterruptException) {
            throw new SpoolException("append to spool " + dir + " interrupted; the entry was not written", e);
        }
        if (isDiskFull(e, entryBytes)) {
            throw new SpoolDiskFullException("the disk holding spool directory " + dir + " is full: writing a "
                    + entryBytes + "-byte entry failed (" + e.getMessage() + "); it was cut back and not written",
                    e);
        }
        fail(e);
        throw new SpoolException("write to spool segment " + active.path + " failed; the spool accepts nothing "
                + "more: " + e, e);
    }

    private boolean isDiskFull(IOException e, long entryBytes) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")
                || m.contains("There is not enough space on the disk")) {
            return true;
        }
        try {
            return Files.getFileStore(dir).getUsableSpace() < entryBytes;
        } catch (IOException ignored) {
            return false;
        }
    }

    /** Starts a new active segment at the end position. Under writeLock. */
    private void roll() throws SpoolException {
        Segment old = active;
        if (options.syncPolicy() != SyncPolicy.OS) {
            try {
                activeChannel.force(false);
                syncCount.incrementAndGet();
            } catch (IOException e) {
                fail(e);
                throw new SpoolException("fsync of spool segment " + old.path + " failed; the spool accepts nothing "
                        + "more: " + e, e);
            }
        }
        long base = old.end();
        Path path = dir.resolve(SegmentFormat.fileName(base));
        FileChannel ch;
        try {
            ch = createSegment(path, base, options);
        } catch (IOException e) {
            if (isDiskFull(e, HEADER_BYTES)) {
                throw new SpoolDiskFullException("the disk holding spool directory " + dir + " is full: cannot "
                        + "create segment " + path + " (" + e.getMessage() + ")", e);
            }
            throw new SpoolException("cannot create spool segment " + path + ": " + e, e);
        }
        try {
            syncDirectory(dir, options);
        } catch (IOException e) {
            closeQuietly(ch);
            fail(e);
            throw new SpoolException("fsync of spool directory " + dir + " failed; the spool accepts nothing more: "
                    + e, e);
        }
        old.sealed = true;
        closeQuietly(activeChannel);
        Segment next = new Segment(base, path, HEADER_BYTES);
        segments.add(next);
        active = next;
        activeChannel = ch;
        totalBytes += HEADER_BYTES;
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        log.error("Spool {} failed; it accepts nothing more", dir, e);
        syncLock.lock();
        try {
            durableAdvanced.signalAll();
        } finally {
            syncLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Durability

    /**
     * Waits until the entry at {@code position} is durable per the sync policy: fsynced under ALWAYS (one fsync
     * serves every thread waiting) and INTERVAL (the next periodic one); at once under OS.
     *
     * @return {@code true} if it is durable, {@code false} if the timeout passed first
     * @throws SpoolException           if an fsync failed (the entry's durability is then unknown)
     * @throws IllegalArgumentException if nothing has been appended at {@code position} yet
     * @throws IllegalStateException    if the spool closed without making it durable
     */
    public boolean awaitDurable(long position, long timeout, TimeUnit unit)
            throws SpoolException, InterruptedException {
        if (position < 0 || position >= endPosition) {
            throw new IllegalArgumentException("no entry at position " + position + " (end position "
                    + endPosition + ")");
        }
        if (position < durablePosition) {
            return true;
        }
        checkFailure();
        if (options.syncPolicy() == SyncPolicy.OS) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        syncLock.lock();
        try {
            if (requestedPosition <= position) {
                requestedPosition = position + 1;
                syncRequested.signal();
            }
            while (durablePosition <= position) {
                checkFailure();
                if (terminated) {
                    throw new IllegalStateException("spool " + dir + " closed before position " + position
                            + " was durable");
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = durableAdvanced.awaitNanos(nanos);
            }
            return true;
        } finally {
            syncLock.unlock();
        }
    }

    private void checkFailure() throws SpoolException {
        IOException f = failure;
        if (f != null) {
            throw new SpoolException("spool " + dir + " failed; durability of its entries is unknown: " + f, f);
        }
    }

    /** Every entry below this position is durable (fsynced, or found on disk at open). */
    public long durablePosition() {
        return durablePosition;
    }

    /** The position the next entry will get. */
    public long endPosition() {
        return endPosition;
    }

    /** Position of the oldest entry still kept (the first segment's base). */
    public long startPosition() {
        writeLock.lock();
        try {
            return segments.getFirst().base;
        } finally {
            writeLock.unlock();
        }
    }

    /** Total bytes of all segment files, headers included: what {@code spool.max.bytes} bounds. */
    public long sizeInBytes() {
        writeLock.lock();
        try {
            return totalBytes;
        } finally {
            writeLock.unlock();
        }
    }

    /** Number of segment files. */
    public int segmentCount() {
        writeLock.lock();
        try {
            return segments.size();
        } finally {
            writeLock.unlock();
        }
    }

    /** Number of fsyncs of segment files since open (group commit shows as fewer fsyncs than appends). */
    public long syncCount() {
        return syncCount.get();
    }

    public Path directory() {
        return dir;
    }

    public SpoolOptions options() {
        return options;
    }

    private void runSyncer() {
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMs());
        long nextSync = System.nanoTime() + intervalNanos;
        try {
            while (true) {
                syncLock.lock();
                try {
                    if (options.syncPolicy() == SyncPolicy.ALWAYS) {
                        while (!closed && requestedPosition <= durablePosition) {
                            syncRequested.awaitNanos(IDLE_RECHECK_NANOS);
                        }
                    } else {
                        long wait = nextSync - System.nanoTime();
                        while (!closed && wait > 0) {
                            wait = syncRequested.awaitNanos(wait);
                            wait = nextSync - System.nanoTime();
                        }
                    }
                    if (closed) {
                        return;
                    }
                } finally {
                    syncLock.unlock();
                }
                nextSync = System.nanoTime() + intervalNanos;
                if (endPosition > durablePosition) {
                    sync();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // Recorded by sync(); appends and awaits report it.
            log.debug("Spool {} syncer stops after a failure", dir);
        }
    }

    /** fsyncs the active segment up to the end position as of now, then publishes it as durable. */
    private void sync() throws IOException {
        for (int attempt = 0; ; attempt++) {
            long target;
            FileChannel ch;
            Segment segment;
            writeLock.lock();
            try {
                checkFailure();
                target = endPosition;
                ch = activeChannel;
                segment = active;
            } finally {
                writeLock.unlock();
            }
            if (target <= durablePosition) {
                return;
            }
            try {
                ch.force(false);
                syncCount.incrementAndGet();
            } catch (ClosedChannelException e) {
                if (closed) {
                    return;
                }
                if (!segment.sealed && attempt >= 2) {
                    fail(e);
                    throw e;
                }
                // Sealed by a roll, which fsynced it first; or reopened after an interrupted write: look again.
                continue;
            } catch (IOException e) {
                fail(e);
                throw e;
            }
            publishDurable(target);
            return;
        }
    }

    private void publishDurable(long target) {
        syncLock.lock();
        try {
            if (target > durablePosition) {
                durablePosition = target;
            }
            durableAdvanced.signalAll();
        } finally {
            syncLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Release and space

    /**
     * Declares every entry before {@code position} no longer needed: the segments lying wholly below it are
     * deleted, oldest first (never the active one), and threads in {@link #awaitSpace} are woken.
     *
     * @return the number of bytes freed
     */
    public long release(long position) {
        List<Segment> doomed = new ArrayList<>();
        long freed = 0;
        writeLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("spool " + dir + " is closed");
            }
            while (segments.size() > 1 && segments.getFirst().end() <= position) {
                Segment s = segments.removeFirst();
                doomed.add(s);
                freed += s.size;
            }
            totalBytes -= freed;
            if (freed > 0) {
                spaceFreed.signalAll();
            }
        } finally {
            writeLock.unlock();
        }
        for (Segment s : doomed) {
            try {
                Files.deleteIfExists(s.path);
            } catch (IOException e) {
                // Its entries are released; if it survives, a restart replays them and the caller skips them.
                log.warn("Spool: cannot delete released segment {}: {}", s.path, e.toString());
            }
        }
        return freed;
    }

    /**
     * Waits until an entry of {@code entryBytes} (see {@link #entryBytes}) would fit under
     * {@code spool.max.bytes}, i.e. until {@link #release} frees enough. Another thread may take the space first,
     * so callers loop on append.
     *
     * @return {@code true} if it fits now, {@code false} if the timeout passed first
     */
    public boolean awaitSpace(long entryBytes, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        writeLock.lock();
        try {
            while (totalBytes + bytesNeeded(entryBytes) > options.maxBytes()) {
                if (closed) {
                    throw new IllegalStateException("spool " + dir + " is closed");
                }
                if (nanos <= 0) {
                    return false;
                }
                nanos = spaceFreed.awaitNanos(nanos);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads the entries from {@code fromPosition} (the first at or after it) up to the end position at the time
     * of the call, in order, checking each entry's CRC again. Ranges skipped at open under
     * {@code spool.skip.corruption} are skipped; segments released meanwhile are passed over.
     *
     * @return the position after the last entry visited, or {@code fromPosition} if none was
     * @throws SpoolCorruptException if an entry fails its check (damaged since open)
     */
    public long read(long fromPosition, EntryVisitor visitor) throws IOException {
        List<Segment> snapshot = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        writeLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("spool " + dir + " is closed");
            }
            for (Segment s : segments) {
                snapshot.add(s);
                sizes.add(s.size);
            }
        } finally {
            writeLock.unlock();
        }
        long next = fromPosition;
        for (int i = 0; i < snapshot.size(); i++) {
            Segment s = snapshot.get(i);
            int size = sizes.get(i).intValue();
            if (s.base + size - HEADER_BYTES <= fromPosition) {
                continue;
            }
            MappedByteBuffer buf;
            try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
                buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            } catch (NoSuchFileException e) {
                continue;
            }
            int offset = HEADER_BYTES;
            while (offset < size) {
                long position = s.base + offset - HEADER_BYTES;
                Long holeEnd = holes.get(position);
                if (holeEnd != null) {
                    offset += (int) (holeEnd - position);
                    continue;
                }
                String invalid = SegmentFormat.invalidEntry(buf, offset, size);
                if (invalid != null) {
                    throw new SpoolCorruptException("segment " + s.path + " is damaged at file offset " + offset
                            + " (position " + position + "), though it was whole at open: " + invalid, s.path,
                            offset);
                }
                int length = buf.getInt(offset);
                if (position >= fromPosition) {
                    byte type = buf.get(offset + FRAME_BYTES);
                    ByteBuffer payload = buf.slice(offset + ENTRY_OVERHEAD, length - 1).asReadOnlyBuffer();
                    next = position + FRAME_BYTES + length;
                    if (!visitor.visit(position, type, payload)) {
                        return next;
                    }
                }
                offset += FRAME_BYTES + length;
            }
        }
        return next;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Closing

    /**
     * Stops the syncer, fsyncs the active segment (under every policy) and releases the directory's lock. Threads
     * blocked in {@link #awaitDurable} are answered; appends after this throw {@link IllegalStateException}.
     *
     * @throws SpoolException if the final fsync failed (the lock is released anyway)
     */
    @Override
    public void close() throws SpoolException {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            spaceFreed.signalAll();
        } finally {
            writeLock.unlock();
        }
        syncLock.lock();
        try {
            syncRequested.signalAll();
        } finally {
            syncLock.unlock();
        }
        if (syncer != null) {
            try {
                syncer.join(CLOSE_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (syncer.isAlive()) {
                log.warn("Spool {}: the syncer's fsync did not finish within {} ms; closing anyway", dir,
                        CLOSE_TIMEOUT_MS);
            }
        }
        IOException finalSync = null;
        writeLock.lock();
        try {
            if (failure == null) {
                try {
                    long target = endPosition;
                    activeChannel.force(false);
                    syncCount.incrementAndGet();
                    publishDurable(target);
                } catch (IOException e) {
                    finalSync = e;
                    fail(e);
                }
            }
            closeQuietly(activeChannel);
        } finally {
            writeLock.unlock();
        }
        try {
            fileLock.release();
        } catch (IOException e) {
            log.warn("Spool: releasing the lock of {} failed: {}", dir, e.toString());
        }
        closeQuietly(lockChannel);
        LOCKED_IN_THIS_JVM.remove(lockKey);
        syncLock.lock();
        try {
            terminated = true;
            durableAdvanced.signalAll();
        } finally {
            syncLock.unlock();
        }
        if (finalSync != null) {
            throw new SpoolException("closing spool " + dir + ": the final fsync failed: " + finalSync, finalSync);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            log.debug("Spool: closing a channel failed: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "SpoolLog(" + dir + ", " + options + ")";
    }

    /** For tests: the ranges skipped at open. */
    Map<Long, Long> holes() {
        return holes;
    }
}
