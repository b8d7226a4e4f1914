package io.samsa.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FileChannel} that passes everything to a real one, except that writes fail like a full disk once a
 * shared byte budget is spent (first a short write up to the budget, then "No space left on device", as Linux's
 * write(2) does) and {@code force} fails like an I/O error when told to. The budget and the switch belong to the
 * {@link Faults} that made the channel, so a test changes them while the spool runs (any thread).
 */
final class FaultyChannel extends FileChannel {

    /** The knobs, shared by every channel a spool opens through {@link #opener()}. */
    static final class Faults {
        /** Bytes writes may still add; Long.MAX_VALUE for no limit. */
        final AtomicLong writeBudget = new AtomicLong(Long.MAX_VALUE);
        final AtomicBoolean failForce = new AtomicBoolean();
        final AtomicLong forces = new AtomicLong();

        SpoolOptions.ChannelOpener opener() {
            return (path, options) -> new FaultyChannel(FileChannel.open(path, options), this);
        }
    }

    private final FileChannel delegate;
    private final Faults faults;

    private FaultyChannel(FileChannel delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** How many of {@code wanted} bytes may be written now; throws once the budget is spent. */
    private int allowance(long wanted) throws IOException {
        while (true) {
            long budget = faults.writeBudget.get();
            if (budget == Long.MAX_VALUE) {
                return (int) Math.min(wanted, Integer.MAX_VALUE);
            }
            if (budget <= 0 && wanted > 0) {
                throw new IOException("No space left on device");
            }
            long granted = Math.min(budget, wanted);
            if (faults.writeBudget.compareAndSet(budget, budget - granted)) {
                return (int) granted;
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int allowed = allowance(src.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + allowed);
        int n = delegate.write(part);
        src.position(src.position() + n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long wanted = 0;
        for (int i = offset; i < offset + length; i++) {
            wanted += srcs[i].remaining();
        }
        long allowed = allowance(wanted);
        long written = 0;
        for (int i = offset; i < offset + length && written < allowed; i++) {
            ByteBuffer part = srcs[i].duplicate();
            part.limit(part.position() + (int) Math.min(part.remaining(), allowed - written));
            int n = delegate.write(part);
            srcs[i].position(srcs[i].position() + n);
            written += n;
        }
        return written;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int allowed = allowance(src.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + allowed);
        int n = delegate.write(part, position);
        src.position(src.position() + n);
        return n;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.failForce.get()) {
            throw new IOException("Input/output error");
        }
        faults.forces.incrementAndGet();
        delegate.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
