package dev.weft.internal.net;

import dev.weft.Mutex;
import dev.weft.Suspendable;
import dev.weft.net.Conn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A TCP connection ({@link Conn}) over a non-blocking {@link SocketChannel} and its
 * {@link PollDesc}: each read and write tries the channel first and parks only when it would
 * block. As Go's {@code netFD}, a write holds the connection's write lock until every byte is
 * written, so concurrent writes never interleave; reads are not serialized (a read takes what
 * is there). The addresses are kept from when the connection was made, so they stay readable
 * after close.
 */
public final class TcpConn implements Conn {
    private final SocketChannel ch;
    private final PollDesc pd;
    private final Mutex writeLock = new Mutex();
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    TcpConn(SocketChannel ch, PollDesc pd) throws IOException {
        this.ch = ch;
        this.pd = pd;
        this.local = (InetSocketAddress) ch.getLocalAddress();
        this.remote = (InetSocketAddress) ch.getRemoteAddress();
    }

    /** Wraps a connected channel (one just accepted): non-blocking, registered, no Nagle delay (Go's default). */
    static TcpConn accepted(Netpoll poll, SocketChannel ch) throws IOException {
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = poll.register(ch);
            return new TcpConn(ch, new PollDesc(poll, key, SelectionKey.OP_READ, SelectionKey.OP_WRITE));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    @Suspendable
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        pd.check(PollDesc.READ);
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (true) {
            int n = ch.read(buf);
            if (n != 0) {
                return n;
            }
            pd.await(PollDesc.READ);
        }
    }

    @Override
    @Suspendable
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        pd.check(PollDesc.WRITE);
        if (len == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        writeLock.lock();
        try {
            while (true) {
                ch.write(buf);
                if (!buf.hasRemaining()) {
                    return;
                }
                try {
                    pd.await(PollDesc.WRITE);
                } catch (SocketTimeoutException e) {
                    e.bytesTransferred = buf.position() - off; // as Go's Write returns n with the error
                    throw e;
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void setDeadline(Instant t) {
        pd.setDeadline(PollDesc.READ, t);
        pd.setDeadline(PollDesc.WRITE, t);
    }

    @Override
    public void setReadDeadline(Instant t) {
        pd.setDeadline(PollDesc.READ, t);
    }

    @Override
    public void setWriteDeadline(Instant t) {
        pd.setDeadline(PollDesc.WRITE, t);
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void close() throws IOException {
        if (pd.close()) {
            pd.closeChannel(ch);
        }
    }

    @Override
    public String toString() {
        return "Conn(" + local + " -> " + remote + ")";
    }
}
