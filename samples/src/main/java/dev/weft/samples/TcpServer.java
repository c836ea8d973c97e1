package dev.weft.samples;

import dev.weft.CancelableContext;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.Net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server with a goroutine per connection, the shape of every Go server:
 * <pre>
 * for {
 *     c, err := l.Accept()
 *     ...
 *     go handle(c)
 * }
 * </pre>
 * {@link EchoServer} and {@link HttpServer} are this loop with a handler each. A goroutine
 * parked in a read holds no thread, so ten thousand idle connections cost ten thousand small
 * goroutines on a few carrier threads.
 *
 * <p>Invariants: every accepted connection is in {@link #open} from before its goroutine starts
 * until its handler has returned, and is closed by then. Once {@link #close} has begun, no
 * connection stays open: close sets {@link #closed} before it closes the listener and then
 * every connection in {@code open}; the accept loop adds a connection to {@code open} before it
 * reads {@code closed}, so a connection accepted as the server closes is closed by one side or
 * the other. {@link #serve} returns only once every connection's goroutine has ended.
 */
public final class TcpServer implements AutoCloseable {
    /** What a connection's goroutine runs; the server closes the connection when it returns. */
    @FunctionalInterface
    public interface Handler {
        @Suspendable
        void serve(Conn c) throws IOException;
    }

    /** The longest wait between two failed accepts (Go's http.Server waits as long). */
    private static final Duration MAX_ACCEPT_BACKOFF = Duration.ofSeconds(1);

    private final Listener listener;
    private final Handler handler;
    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final WaitGroup handlers = new WaitGroup();
    private volatile boolean closed;

    private TcpServer(Listener listener, Handler handler) {
        this.listener = listener;
        this.handler = handler;
    }

    /** Listens on {@code address} ({@code "127.0.0.1:0"}: a free port); nothing is accepted until {@link #serve}. */
    public static TcpServer listen(String address, Handler handler) throws IOException {
        return new TcpServer(Net.listen(address), handler);
    }

    /** The address the server listens on, with the port the kernel picked for port 0. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /**
     * Accepts connections, each served by {@code handler} in a goroutine of its own, until the
     * server is closed or {@code ctx} is done (which closes it); then waits for those
     * goroutines to end and returns. Call it once. A failed accept (out of file descriptors,
     * say) is reported on stderr and retried after a pause that doubles up to a second, as Go's
     * {@code http.Server} does, rather than ending the server.
     */
    @Suspendable
    public void serve(Context ctx) throws IOException {
        Chan<Void> served = Chan.make();
        Go.go(() -> Select.select(ctx.done().onRecv(v -> close()), served.onRecv(v -> {})));
        try {
            Duration backoff = Duration.ZERO;
            while (true) {
                Conn c;
                try {
                    c = listener.accept();
                } catch (ClosedChannelException e) {
                    return; // close() closed the listener
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    backoff = backoff.isZero() ? Duration.ofMillis(5) : min(backoff.multipliedBy(2), MAX_ACCEPT_BACKOFF);
                    System.err.println("accept " + address() + ": " + e.getMessage() + "; retrying in " + backoff.toMillis() + " ms");
                    Go.sleep(backoff);
                    continue;
                }
                backoff = Duration.ZERO;
                open.add(c);
                if (closed) {
                    open.remove(c);
                    c.close(); // accepted as the server closed: close() may have missed it
                    continue;
                }
                handlers.add(1);
                Go.go(() -> {
                    try {
                        handler.serve(c);
                    } catch (IOException e) {
                        // the peer reset the connection, or the server closed it: it ends here
                    } finally {
                        open.remove(c);
                        c.close();
                        handlers.done();
                    }
                });
            }
        } finally {
            served.close(); // ends the goroutine that watches ctx
            close();
            handlers.await();
        }
    }

    /**
     * Stops the server: no new connection is accepted, and every open one is closed, so their
     * handlers' reads and writes throw and their goroutines end ({@link #serve} then returns).
     * A second close does nothing more.
     */
    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Conn c : open) {
            c.close();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * A server's {@code main}: {@code args} is the port (0: any free one); listens on
     * 127.0.0.1, prints {@code listening on 127.0.0.1:PORT}, and serves until the JVM is told
     * to stop (Ctrl-C, or SIGTERM), as Go's {@code signal.NotifyContext} stops a server: the
     * signal cancels the context {@link #serve} watches, the server closes every connection,
     * and {@code closed} is printed before the JVM exits.
     */
    static void main(String program, String[] args, Handler handler) throws Exception {
        int port = args.length == 1 ? parsePort(args[0]) : -1;
        if (port < 0) {
            System.err.println("usage: " + program + " PORT   (a number from 0 to 65535; 0: any free port)");
            System.exit(2);
        }
        CancelableContext stop = Context.withCancel(Context.background());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.cancel();
            try {
                stopped.await(10, TimeUnit.SECONDS); // the JVM exits when this hook returns
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop " + program));
        Exception failed = null;
        try {
            Go.run(() -> {
                try (TcpServer server = listen("127.0.0.1:" + port, handler)) {
                    System.out.println("listening on 127.0.0.1:" + server.address().getPort());
                    server.serve(stop);
                }
                System.out.println("closed");
            });
        } catch (Exception e) {
            failed = e; // what the main goroutine threw, checked exceptions too
        } finally {
            stopped.countDown();
        }
        if (failed instanceof IOException) {
            System.err.println(program + ": " + failed.getMessage()); // a port in use, say
            System.exit(1);
        } else if (failed != null) {
            throw failed;
        }
    }

    private static int parsePort(String s) {
        try {
            int port = Integer.parseInt(s);
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
