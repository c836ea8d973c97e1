package dev.weft.net;

import dev.weft.Suspendable;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A buffered reader over a {@link Conn} (Go's {@code bufio.Reader}), for line-based protocols:
 * {@link #readLine} answers a line without its terminator, {@link #read} and {@link #readFully}
 * bytes, all from one buffer, so they may be mixed (an HTTP head by lines, then its body by
 * bytes). Every method parks rather than pins, as the connection's read does.
 *
 * <p>Lines are decoded as UTF-8 (ASCII is unchanged; a malformed byte becomes U+FFFD). A line
 * longer than the reader's limit is an {@link IOException} that names the limit; what is left
 * of that line is then unspecified. Not for several goroutines at once.
 */
public final class ConnReader {
    /** The default buffer size, in bytes. */
    public static final int DEFAULT_BUFFER_SIZE = 8192;
    /** The default limit on a line's length (without its terminator), in bytes. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

    private final Conn conn;
    private final int maxLineLength;
    /** Bytes {@code [pos, lim)} of {@code buf} are read from the connection and not yet taken. */
    private byte[] buf;
    private int pos;
    private int lim;
    private boolean eof;

    /** A reader with the default buffer size and line limit. */
    public ConnReader(Conn conn) {
        this(conn, DEFAULT_BUFFER_SIZE, DEFAULT_MAX_LINE_LENGTH);
    }

    /**
     * A reader with a buffer of {@code bufferSize} bytes, which grows for a line that does not
     * fit, up to {@code maxLineLength} bytes of line (without its terminator).
     */
    public ConnReader(Conn conn, int bufferSize, int maxLineLength) {
        this.conn = Objects.requireNonNull(conn, "conn");
        if (bufferSize <= 0 || maxLineLength <= 0) {
            throw new IllegalArgumentException("ConnReader: bufferSize and maxLineLength must be positive, got "
                    + bufferSize + " and " + maxLineLength);
        }
        this.buf = new byte[bufferSize];
        this.maxLineLength = maxLineLength;
    }

    /**
     * The next line, without its terminator ({@code \n} or {@code \r\n}), or null at the end of
     * the stream; a last line with no terminator is answered as a line.
     *
     * @throws IOException if the line is longer than the limit, or reading fails
     */
    @Suspendable
    public String readLine() throws IOException {
        int scanned = pos;
        while (true) {
            for (int i = scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    checkLength(end - pos);
                    String line = new String(buf, pos, end - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    return line;
                }
            }
            // Without a '\n' in sight, at most maxLineLength bytes and a '\r' may be a line still
            // arriving (so the buffer need never grow past maxLineLength + 2).
            checkLength(lim - pos - 1);
            if (eof) {
                if (pos == lim) {
                    return null;
                }
                checkLength(lim - pos);
                String last = new String(buf, pos, lim - pos, StandardCharsets.UTF_8);
                pos = lim;
                return last;
            }
            scanned = lim - pos;
            compact();
            fill();
        }
    }

    private void checkLength(int length) throws IOException {
        if (length > maxLineLength) {
            throw new IOException("ConnReader: line longer than " + maxLineLength
                    + " bytes (the reader's maxLineLength; make a ConnReader with a larger one if such lines are expected)");
        }
    }

    /** Moves the unread bytes to the front, growing the buffer if it is full of them. */
    private void compact() {
        int n = lim - pos;
        if (n == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, (long) maxLineLength + 2));
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, n);
        }
        pos = 0;
        lim = n;
    }

    /** Reads once from the connection into the free end of the buffer; sets {@link #eof} at the end. */
    @Suspendable
    private void fill() throws IOException {
        int n = conn.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    /**
     * Reads up to {@code len} bytes: what is buffered, else what one read of the connection
     * gives (straight into {@code b} when it is at least as large as the buffer). Answers -1 at
     * the end of the stream, 0 if {@code len} is 0.
     */
    @Suspendable
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == lim) {
            if (eof) {
                return -1;
            }
            if (len >= buf.length) {
                int n = conn.read(b, off, len);
                if (n < 0) {
                    eof = true;
                }
                return n;
            }
            pos = 0;
            lim = 0;
            fill();
            if (pos == lim) {
                return eof ? -1 : 0;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Reads exactly {@code len} bytes.
     *
     * @throws EOFException if the stream ends first (the bytes read until then are in {@code b})
     */
    @Suspendable
    public void readFully(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int done = 0;
        while (done < len) {
            int n = read(b, off + done, len - done);
            if (n < 0) {
                throw new EOFException("ConnReader: end of stream after " + done + " of " + len + " bytes");
            }
            done += n;
        }
    }
}
