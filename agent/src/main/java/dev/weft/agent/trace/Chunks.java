package dev.weft.agent.trace;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the chunks of a flight recording begin in time, read from their headers: what tells
 * apart the sets of events the JDK emits at each chunk's end (a periodic event of period {@code
 * endChunk}, as {@code weft.LiveGoroutines}), which {@code jdk.jfr.consumer} does not say. A
 * recording file is its chunks one after another, in the order they were written, each opening
 * with a header that the JDK writes big-endian ({@code jdk.jfr.internal.consumer.ChunkHeader},
 * in version 2 of the format, which JDK 11 and later write):
 * <pre>
 *   offset  0  magic "FLR\0"
 *           4  major and minor version, a short each
 *           8  the chunk's size in bytes, its header included (long)
 *          16  constant pool and 24 metadata offsets (longs)
 *          32  the chunk's start, epoch nanoseconds (long)
 *          40  its duration, nanoseconds (long)
 * </pre>
 * A chunk begins where the one before it ended, and the events emitted at a chunk's end are
 * timed before it ends, so an event belongs to the last chunk that begins at or before it.
 */
final class Chunks {
    private static final int MAGIC = 0x464C5200; // "FLR\0"
    private static final int HEADER_SIZE = 48;
    private static final int SIZE_OFFSET = 8;
    private static final int START_OFFSET = 32;

    private final long[] starts;

    private Chunks(long[] starts) {
        this.starts = starts;
    }

    /**
     * The chunks of {@code file}. Headers are read until one is not a chunk's (a damaged or
     * unfinished file, whose size field is still 0); the rest of the file then counts as part of
     * the last chunk read, and a file with no readable header as one chunk.
     */
    static Chunks of(Path file) throws IOException {
        long[] starts = new long[8];
        int n = 0;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            for (long at = 0; at + HEADER_SIZE <= length; ) {
                f.seek(at);
                if (f.readInt() != MAGIC) {
                    break;
                }
                f.seek(at + SIZE_OFFSET);
                long size = f.readLong();
                f.seek(at + START_OFFSET);
                long start = f.readLong();
                if (size < HEADER_SIZE || (n > 0 && start < starts[n - 1])) {
                    break;
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, 2 * n);
                }
                starts[n++] = start;
                at += size;
            }
        }
        return new Chunks(Arrays.copyOf(starts, n));
    }

    /** How many chunks were read; 0 when no header could be, and then every instant is in chunk 0. */
    int count() {
        return starts.length;
    }

    /** The index of the chunk that holds instant {@code t} (epoch nanoseconds): the last one that begins at or before it, or 0. */
    int of(long t) {
        int i = Arrays.binarySearch(starts, t);
        if (i < 0) {
            i = -i - 2; // the insertion point minus one: the last start before t
        } else {
            while (i + 1 < starts.length && starts[i + 1] == t) {
                i++;
            }
        }
        return Math.max(i, 0);
    }
}
