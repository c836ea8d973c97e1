package dev.weft.net;

import dev.weft.CancelableContext;
import dev.weft.CanceledException;
import dev.weft.Context;
import dev.weft.DeadlineExceededException;
import dev.weft.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code dial(ctx, ...)}: a context done before or during the connect throws its own exception. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialContextTest {

    @Test
    void canceledContext_throwsCanceledException_withoutConnecting() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0")) {
                CancelableContext ctx = Context.withCancel(Context.background());
                ctx.cancel();
                Expect.thrown(CanceledException.class, () -> Net.dial(ctx, "127.0.0.1:" + l.address().getPort()));
            }
        });
    }

    @Test
    void liveContext_dialsAsUsual_andTheConnectionIsFullyUsable() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(30));
                 Conn c = Net.dial(ctx, "127.0.0.1:" + l.address().getPort());
                 Conn s = l.accept()) {
                ctx.cancel(); // after the dial: nothing changes for the connection
                byte[] big = new byte[4 << 20];
                Go.go(() -> c.write(big, 0, big.length)); // its write side was not expired
                assertEquals(big.length, NetTest.readN(s, big.length).length);
                assertEquals(Context.background(), Context.background());
                IOException refused = Expect.thrown(IOException.class, () -> Net.dial(Context.background(), "127.0.0.1:1"));
                assertEquals(false, refused instanceof SocketTimeoutException);
            }
        });
    }

    /**
     * A listener that never accepts, with its queue full, so that a further connect hangs (the
     * kernel drops its SYNs); null if this machine completes such connects anyway.
     */
    private static ServerSocket fullListener(List<Socket> fillers) throws IOException {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()), 300);
            } catch (SocketTimeoutException e) {
                return ss;
            }
        }
        ss.close();
        return null;
    }

    @Test
    void contextDoneWhileConnecting_throwsItsOwnException() throws Exception {
        List<Socket> fillers = new ArrayList<>();
        ServerSocket full = fullListener(fillers);
        try {
            assumeTrue(full != null, "this machine completes connects to a full accept queue; nothing hangs to cancel");
            String address = "127.0.0.1:" + full.getLocalPort();
            Within.run(() -> {
                try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(150))) {
                    long start = System.nanoTime();
                    Expect.thrown(DeadlineExceededException.class, () -> Net.dial(ctx, address));
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(true, ms >= 100 && ms < 5000, "gave up after " + ms + " ms");
                }
                CancelableContext ctx = Context.withCancel(Context.background());
                Go.go(() -> {
                    NetTest.awaitParked("IO wait");
                    ctx.cancel();
                });
                Expect.thrown(CanceledException.class, () -> Net.dial(ctx, address));
            });
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
            if (full != null) {
                full.close();
            }
        }
    }
}
