package dev.weft.benchmarks.net;

import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.benchmarks.JdkThreads;
import dev.weft.benchmarks.Weaving;
import dev.weft.net.Conn;
import dev.weft.net.Listener;
import dev.weft.net.Net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadFactory;

/**
 * The echo server of {@code benchmarks/net.sh} in each JVM peer, all with the same loop: a
 * connection of its own per client, which writes back what each read of up to
 * {@value #BUFFER_SIZE} bytes gave, until the client closes (Go's peer, in
 * {@code benchmarks/go/netbench}, is the same loop). The peers:
 * <ul>
 *   <li>{@code weft}: a goroutine per connection on {@code dev.weft.net}: parked in a read, it
 *       holds no thread; the netpoller wakes it;
 *   <li>{@code weft-blocking}: a goroutine per connection on blocking {@code java.net} sockets:
 *       each read blocks its carrier, which the monitor hands off (a thread per blocked
 *       goroutine, the cost of code that is not on {@code dev.weft.net});
 *   <li>{@code virtual}: a virtual thread per connection on {@code java.net} (JDK 21 and newer);
 *   <li>{@code platform}: a platform thread per connection on {@code java.net}.
 * </ul>
 * It listens on 127.0.0.1 at a port the kernel picks, prints {@code listening on
 * 127.0.0.1:PORT}, and serves until the process is killed. Every socket has TCP_NODELAY, as
 * Go's do. This class is woven at build time, and the weft peers run in strict mode.
 */
public final class Echo {
    static final int BUFFER_SIZE = 4096;
    /** The accept backlog asked for; the kernel caps it at {@code somaxconn}. */
    private static final int BACKLOG = 65535;

    private Echo() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Echo weft|weft-blocking|virtual|platform");
            System.exit(2);
        }
        switch (args[0]) {
            case "weft" -> {
                Weaving.requireRewritten(Echo.class, "serveWeft()V", "echo(Ldev/weft/net/Conn;)V");
                Go.run(Echo::serveWeft);
            }
            case "weft-blocking" -> {
                Weaving.requireRewritten(Echo.class, "serveWeftBlocking()V");
                Go.run(Echo::serveWeftBlocking);
            }
            case "virtual" -> serveThreads(JdkThreads.virtual());
            case "platform" -> serveThreads(JdkThreads.platform());
            default -> throw new IllegalArgumentException("unknown peer " + args[0] + ": weft, weft-blocking, virtual or platform");
        }
    }

    @Suspendable
    private static void serveWeft() throws IOException {
        Listener l = Net.listen("127.0.0.1:0");
        System.out.println("listening on 127.0.0.1:" + l.address().getPort());
        while (true) {
            Conn c = l.accept();
            Go.go(() -> echo(c));
        }
    }

    /** The loop on {@code dev.weft.net}: a read with nothing to read parks the goroutine. */
    @Suspendable
    private static void echo(Conn c) {
        try (c) {
            byte[] buf = new byte[BUFFER_SIZE];
            for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
                c.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client reset the connection: it ends here, as when it closes
        }
    }

    @Suspendable
    private static void serveWeftBlocking() throws IOException {
        ServerSocket ss = listen();
        while (true) {
            Socket s = ss.accept(); // blocks the main goroutine's carrier, which is handed off
            Go.go(() -> echo(s));
        }
    }

    private static void serveThreads(ThreadFactory threads) throws IOException {
        ServerSocket ss = listen();
        while (true) {
            Socket s = ss.accept();
            threads.newThread(() -> echo(s)).start();
        }
    }

    private static ServerSocket listen() throws IOException {
        ServerSocket ss = new ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress());
        System.out.println("listening on 127.0.0.1:" + ss.getLocalPort());
        return ss;
    }

    /** The blocking loop: not {@code @Suspendable}, so in weft its reads block the carrier. */
    private static void echo(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client reset the connection: it ends here, as when it closes
        }
    }
}
