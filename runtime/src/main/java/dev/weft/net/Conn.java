package dev.weft.net;

import dev.weft.Suspendable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A TCP connection (Go's {@code net.Conn}), from {@link Net#dial} or {@link Listener#accept}.
 * One goroutine may read while another writes; concurrent writes do not interleave their bytes.
 *
 * <p>Deadlines, as in Go: a read or write past its side's deadline throws
 * {@link java.net.SocketTimeoutException} (at once if the deadline has already passed when it
 * starts). A deadline changed while a read or write is parked applies to it. After a timeout
 * the connection is still usable once a new deadline (or none) is set. A timed-out write may
 * have written part of its bytes: the exception's {@code bytesTransferred} says how many.
 *
 * <p>After {@link #close}, reads and writes throw {@link java.nio.channels.ClosedChannelException},
 * and so do those parked when it is called.
 */
public interface Conn extends AutoCloseable {
    /**
     * Reads up to {@code len} bytes into {@code b} at {@code off}: parks until at least one is
     * there, and answers how many, or -1 at the end of the stream (the peer shut down its output
     * or closed). A zero-length read returns 0 at once.
     */
    @Suspendable
    int read(byte[] b, int off, int len) throws IOException;

    /** Writes all {@code len} bytes of {@code b} from {@code off}, parking while the socket's buffer is full. */
    @Suspendable
    void write(byte[] b, int off, int len) throws IOException;

    /** Sets the read and write deadlines; null clears them. */
    void setDeadline(Instant t);

    /** Sets the deadline of reads; null clears it. */
    void setReadDeadline(Instant t);

    /** Sets the deadline of writes; null clears it. */
    void setWriteDeadline(Instant t);

    /** This end's address. Still answers after close. */
    InetSocketAddress localAddress();

    /** The peer's address. Still answers after close. */
    InetSocketAddress remoteAddress();

    /**
     * Closes the connection; a parked read or write throws
     * {@link java.nio.channels.ClosedChannelException}. A second close does nothing.
     */
    @Override
    void close() throws IOException;
}
