package io.samsa.spool;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Receives the entries {@link SpoolLog#read} finds, in position order. */
@FunctionalInterface
public interface EntryVisitor {
    /**
     * @param position the entry's position, as {@link SpoolLog#append} returned it
     * @param type     the type byte given to {@code append}
     * @param payload  the entry's payload, read-only, position 0 to limit; valid only during this call (the caller
     *                 copies what it keeps)
     * @return {@code true} to go on to the next entry, {@code false} to stop reading
     */
    boolean visit(long position, byte type, ByteBuffer payload) throws IOException;
}
