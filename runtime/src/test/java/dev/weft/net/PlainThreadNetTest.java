package dev.weft.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import static dev.weft.net.NetTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every operation called from a plain Java thread blocks it, with the meaning it has in a goroutine. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlainThreadNetTest {

    private static <T> FutureTask<T> thread(String name, java.util.concurrent.Callable<T> body) {
        FutureTask<T> f = new FutureTask<>(body);
        Thread t = new Thread(f, name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Test
    void plainThreads_acceptDialReadWrite_blockingUntilReady() throws Exception {
        try (Listener l = Net.listen("127.0.0.1:0")) {
            FutureTask<String> server = thread("server", () -> {
                try (Conn s = l.accept()) {
                    ConnReader r = new ConnReader(s);
                    String line = r.readLine();
                    ConnWriter w = new ConnWriter(s);
                    w.write("echo: " + line + "\n");
                    w.flush();
                    return line;
                }
            });
            Within.call(Duration.ofSeconds(20), () -> {
                try (Conn c = Net.dial("127.0.0.1:" + l.address().getPort())) {
                    Thread.sleep(50); // the server blocks in readLine meanwhile
                    c.write(bytes("héllo\n"), 0, bytes("héllo\n").length);
                    assertEquals("echo: héllo", new ConnReader(c).readLine());
                }
                return null;
            });
            assertEquals("héllo", server.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void plainThread_blockedRead_isWokenByClose_andTimesOutAtItsDeadline() throws Exception {
        try (Listener l = Net.listen("127.0.0.1:0");
             Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
             Conn s = l.accept()) {
            s.setReadDeadline(Instant.now().plusMillis(100));
            assertThrows(SocketTimeoutException.class, () -> s.read(new byte[1], 0, 1));
            s.setReadDeadline(null);
            c.write(bytes("z"), 0, 1);
            assertArrayEquals(bytes("z"), NetTest.readN(s, 1));

            FutureTask<Throwable> blocked = thread("reader", () -> {
                try {
                    s.read(new byte[1], 0, 1);
                    return new AssertionError("read returned");
                } catch (Throwable t) {
                    return t;
                }
            });
            waitUntilBlocked("reader");
            s.close();
            assertEquals(ClosedChannelException.class, blocked.get(10, TimeUnit.SECONDS).getClass());
        }
    }

    private static void waitUntilBlocked(String name) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals(name) && t.getState() == Thread.State.WAITING) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("thread " + name + " never blocked");
            }
            Thread.sleep(1);
        }
    }
}
