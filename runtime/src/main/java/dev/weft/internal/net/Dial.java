package dev.weft.internal.net;

import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.net.Conn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code Net.dial}: resolves the address, starts a non-blocking connect, and parks on the write
 * side of the new socket's {@link PollDesc} until it completes (Go's {@code netFD.connect}).
 *
 * <p>With a context that can be done, a watcher goroutine waits for the context's {@code done}
 * or the dial's end; if the context is done first, it sets the connect's deadline to the past,
 * which wakes the connect, and the dial throws the context's own exception, as Go interrupts a
 * connect with a deadline long ago. Which of the two acts is decided once, by a CAS on the
 * watch's {@code claimed}: the watcher expires the connect only if it claims first, and a dial
 * whose connect completed but finds the watcher claimed first fails with the context's
 * exception (so a connection never comes back with an expired write side). The watcher ends
 * when the dial returns: the dial closes its {@code stop} channel on every path.
 */
public final class Dial {
    private Dial() {}

    /** Dials {@code address}; {@code ctx} null: no context. */
    @Suspendable
    public static Conn dial(Context ctx, String address) throws IOException {
        if (ctx != null) {
            throwIfDone(ctx);
        }
        InetSocketAddress a = Addresses.resolve("dial", address);
        Netpoll poll = Netpoll.get();
        SocketChannel ch = SocketChannel.open();
        PollDesc pd;
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            pd = new PollDesc(poll, poll.register(ch), SelectionKey.OP_READ, SelectionKey.OP_CONNECT);
        } catch (IOException e) {
            ch.close();
            throw Addresses.error("dial", address, Addresses.describe(e), e);
        }
        Watch watch = ctx != null && ctx != Context.background() ? new Watch(ctx, pd) : null;
        TcpConn conn;
        try {
            if (!ch.connect(a)) {
                do {
                    pd.await(PollDesc.WRITE);
                } while (!ch.finishConnect());
            }
            pd.setWriteOp(SelectionKey.OP_WRITE);
            conn = new TcpConn(ch, pd);
        } catch (IOException e) {
            if (watch != null) {
                watch.stop.close();
            }
            closeQuietly(pd, ch);
            if (ctx != null && e instanceof SocketTimeoutException) {
                throwIfDone(ctx); // the watcher expired the connect
            }
            throw Addresses.error("dial", address, Addresses.describe(e), e);
        }
        if (watch != null) {
            watch.stop.close();
            if (!watch.claimed.compareAndSet(false, true)) {
                // The context was done as the connect completed, and the watcher has expired
                // (or is expiring) its write side. Go's dial, too, fails with the context's error then.
                closeQuietly(pd, ch);
                throwIfDone(ctx);
            }
        }
        return conn;
    }

    /** The goroutine that interrupts the connect if the context is done before the dial ends. */
    private static final class Watch {
        final Chan<Void> stop = Chan.make();
        final AtomicBoolean claimed = new AtomicBoolean();

        Watch(Context ctx, PollDesc pd) {
            Go.go(() -> Select.select(
                    ctx.done().onRecv(v -> {
                        if (claimed.compareAndSet(false, true)) {
                            pd.setDeadline(PollDesc.WRITE, Instant.EPOCH);
                        }
                    }),
                    stop.onRecv(v -> {})));
        }
    }

    private static void throwIfDone(Context ctx) {
        Throwable err = ctx.err();
        if (err instanceof RuntimeException r) {
            throw r;
        }
        if (err instanceof Error e) {
            throw e;
        }
    }

    private static void closeQuietly(PollDesc pd, SocketChannel ch) {
        pd.close();
        try {
            pd.closeChannel(ch);
        } catch (IOException ignored) {
            // nothing was sent on it; the dial's own failure is what the caller needs
        }
    }
}
