package dev.weft.net;

import dev.weft.Chan;
import dev.weft.DeadlockException;
import dev.weft.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A goroutine waiting on a socket keeps its run from being declared deadlocked (the peer may
 * act at any time), and a real deadlock is still found when sockets are open but nobody waits
 * on them.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetDeadlockTest {

    @Test
    void goroutineParkedInAccept_withMainWaitingOnIt_isNotADeadlock() throws Exception {
        try (Listener l = Net.listen("127.0.0.1:0")) {
            // a plain thread, outside every weft operation, connects only after the detector has
            // had time to look (it checks when busy drops to zero, and every 50 ms from the monitor)
            Thread peer = new Thread(() -> {
                try {
                    Thread.sleep(500);
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.address().getPort())) {
                        s.getOutputStream().write(42);
                        s.getInputStream().read(); // until the goroutine closes its end
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "late-peer");
            peer.setDaemon(true);
            peer.start();
            int got = Within.call(Duration.ofSeconds(20), () -> Go.run(() -> {
                Chan<Integer> result = Chan.make();
                Go.go(() -> {
                    try (Conn c = l.accept()) {
                        byte[] b = new byte[1];
                        assertEquals(1, c.read(b, 0, 1));
                        result.send((int) b[0]);
                    }
                });
                return result.recv();
            }));
            assertEquals(42, got);
            peer.join(10_000);
        }
    }

    @Test
    void channelDeadlock_withSocketsOpenButIdle_isStillReported() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
                 Conn s = l.accept()) {
                // use the poller, so its waiters have come and gone
                Go.go(() -> {
                    byte[] b = new byte[1];
                    s.read(b, 0, 1);
                    s.write(b, 0, 1);
                });
                c.write(new byte[] {7}, 0, 1);
                c.read(new byte[1], 0, 1);
                Chan.<Integer>make().recv(); // nothing can ever send
            }
        }));
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
    }

    @Test
    void readParkedWithNoPeerActivity_isNotADeadlock_untilClosedByAPlainThread() throws IOException {
        try (Listener l = Net.listen("127.0.0.1:0")) {
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(400);
                    l.close(); // not a weft wait: only the I/O accounting keeps the run alive until here
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "closer");
            closer.setDaemon(true);
            closer.start();
            Throwable t = Within.call(Duration.ofSeconds(20), () -> Go.run(() -> {
                try {
                    l.accept();
                    return null;
                } catch (java.nio.channels.ClosedChannelException e) {
                    return e;
                }
            }));
            assertTrue(t instanceof java.nio.channels.ClosedChannelException, String.valueOf(t));
        }
    }
}
