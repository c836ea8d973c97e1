package dev.weft.net;

import dev.weft.Suspendable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A buffered writer over a {@link Conn} (Go's {@code bufio.Writer}): bytes and strings collect
 * in a buffer and go to the connection when it is full or on {@link #flush}, so a response
 * written in pieces leaves in few packets. Every method parks rather than pins, as the
 * connection's write does. Strings are encoded as UTF-8 (ASCII is unchanged). Nothing is sent
 * until {@link #flush}; not for several goroutines at once.
 */
public final class ConnWriter {
    /** The default buffer size, in bytes. */
    public static final int DEFAULT_BUFFER_SIZE = 8192;

    private final Conn conn;
    private final byte[] buf;
    /** Bytes {@code [0, n)} of {@code buf} are written here and not yet to the connection. */
    private int n;

    /** A writer with the default buffer size. */
    public ConnWriter(Conn conn) {
        this(conn, DEFAULT_BUFFER_SIZE);
    }

    /** A writer with a buffer of {@code bufferSize} bytes. */
    public ConnWriter(Conn conn, int bufferSize) {
        this.conn = Objects.requireNonNull(conn, "conn");
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("ConnWriter: bufferSize must be positive, got " + bufferSize);
        }
        this.buf = new byte[bufferSize];
    }

    /** Buffers {@code len} bytes of {@code b} from {@code off}; writes through when they do not fit. */
    @Suspendable
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len > buf.length - n) {
            flush();
            if (len >= buf.length) {
                conn.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    /** Buffers {@code s} encoded as UTF-8. */
    @Suspendable
    public void write(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
    }

    /** Writes what is buffered to the connection, parking until it is all written. */
    @Suspendable
    public void flush() throws IOException {
        if (n > 0) {
            int len = n;
            n = 0;
            conn.write(buf, 0, len);
        }
    }
}
