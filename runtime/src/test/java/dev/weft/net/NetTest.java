package dev.weft.net;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections inside goroutines: echo, partial reads and writes, half-close, close. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetTest {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until {@code n} bytes or the end of the stream; answers what was read. */
    @dev.weft.Suspendable
    static byte[] readN(Conn c, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int k = c.read(b, got, n - got);
            if (k < 0) {
                return Arrays.copyOf(b, got);
            }
            got += k;
        }
        return b;
    }

    /** Starts a goroutine that echoes every connection {@code l} accepts until it is closed. */
    static void echoServer(Listener l) {
        Go.go(() -> {
            while (true) {
                Conn c;
                try {
                    c = l.accept();
                } catch (ClosedChannelException e) {
                    return;
                }
                Go.go(() -> {
                    byte[] b = new byte[4096];
                    try (c) {
                        for (int n; (n = c.read(b, 0, b.length)) > 0; ) {
                            c.write(b, 0, n);
                        }
                    }
                });
            }
        });
    }

    @Test
    void echo_roundTripsBytes_andAddressesMatch() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0")) {
                InetSocketAddress a = l.address();
                assertNotEquals(0, a.getPort());
                assertEquals("127.0.0.1", a.getAddress().getHostAddress());
                echoServer(l);
                Conn c = Net.dial("127.0.0.1:" + a.getPort());
                assertEquals(a, c.remoteAddress());
                for (int i = 0; i < 100; i++) {
                    byte[] msg = bytes("hello " + i);
                    c.write(msg, 0, msg.length);
                    assertArrayEquals(msg, readN(c, msg.length));
                }
                c.close();
                c.close(); // a second close does nothing
                assertEquals(a, c.remoteAddress()); // still answers after close
            }
        });
    }

    @Test
    void localhostZero_listensOnAnEphemeralLoopbackPort() {
        Within.run(() -> {
            try (Listener l = Net.listen("localhost:0")) {
                assertTrue(l.address().getAddress().isLoopbackAddress());
                echoServer(l);
                try (Conn c = Net.dial("localhost:" + l.address().getPort())) {
                    c.write(bytes("x"), 0, 1);
                    assertArrayEquals(bytes("x"), readN(c, 1));
                }
            }
        });
    }

    @Test
    void largeWrite_beyondTheSocketBuffer_parksUntilASlowReaderTakesItAll() {
        int size = 16 << 20; // far beyond any loopback socket buffer
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + (i >>> 11));
        }
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0")) {
                Chan<byte[]> received = Chan.make(1);
                Go.go(() -> {
                    try (Conn s = l.accept()) {
                        byte[] all = new byte[size];
                        int got = 0;
                        int reads = 0;
                        while (got < size) {
                            // small reads, yielding between them: the writer must fill the buffer and park
                            int n = s.read(all, got, Math.min(1000, size - got));
                            if (n < 0) {
                                break;
                            }
                            got += n;
                            if (++reads % 64 == 0) {
                                Go.yield();
                            }
                        }
                        received.send(Arrays.copyOf(all, got));
                    }
                });
                try (Conn c = Net.dial("127.0.0.1:" + l.address().getPort())) {
                    c.write(data, 0, size);
                }
                assertArrayEquals(data, received.recv());
            }
        });
    }

    @Test
    void read_returnsWhatIsThere_partialReadsAddUp() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
                 Conn s = l.accept()) {
                c.write(bytes("abcdef"), 0, 6);
                byte[] b = new byte[4];
                int n = s.read(b, 0, 2);
                assertEquals(2, n);
                assertEquals("ab", new String(b, 0, 2, StandardCharsets.UTF_8));
                assertEquals("cdef", new String(readN(s, 4), StandardCharsets.UTF_8));
                assertEquals(0, s.read(b, 0, 0)); // a zero-length read returns at once
            }
        });
    }

    @Test
    void peerShutdownOutput_readReturnsEndOfStream_whileWritesStillWork() throws Exception {
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Within.run(() -> {
                Conn c = Net.dial("127.0.0.1:" + peer.getLocalPort());
                try (java.net.Socket p = peer.accept()) {
                    p.getOutputStream().write(bytes("bye"));
                    p.shutdownOutput();
                    assertArrayEquals(bytes("bye"), readN(c, 3));
                    byte[] b = new byte[8];
                    assertEquals(-1, c.read(b, 0, b.length));
                    assertEquals(-1, c.read(b, 0, b.length)); // and stays at the end
                    c.write(bytes("still"), 0, 5);
                    assertArrayEquals(bytes("still"), p.getInputStream().readNBytes(5));
                } finally {
                    c.close();
                }
            });
        }
    }

    @Test
    void close_wakesAParkedRead_withClosedChannelException_andLaterOpsThrowToo() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
                 Conn s = l.accept()) {
                Chan<Throwable> outcome = Chan.make(1);
                Go.go(() -> {
                    try {
                        s.read(new byte[8], 0, 8);
                        outcome.send(new AssertionError("read returned"));
                    } catch (Throwable t) {
                        outcome.send(t);
                    }
                });
                awaitParked("IO wait");
                s.close();
                assertEquals(ClosedChannelException.class, outcome.recv().getClass());
                Expect.thrown(ClosedChannelException.class, () -> s.read(new byte[1], 0, 1));
                Expect.thrown(ClosedChannelException.class, () -> s.write(new byte[1], 0, 1));
                // the peer sees the end of the stream once the socket is closed
                assertEquals(-1, c.read(new byte[1], 0, 1));
            }
        });
    }

    @Test
    void listenerClose_wakesAParkedAccept_andAcceptAfterCloseThrows() {
        Within.run(() -> {
            Listener l = Net.listen("127.0.0.1:0");
            Chan<Throwable> outcome = Chan.make(1);
            Go.go(() -> {
                try {
                    l.accept();
                    outcome.send(new AssertionError("accept returned"));
                } catch (Throwable t) {
                    outcome.send(t);
                }
            });
            awaitParked("IO wait");
            l.close();
            assertEquals(ClosedChannelException.class, outcome.recv().getClass());
            Expect.thrown(ClosedChannelException.class, l::accept);
            l.close(); // a second close does nothing
        });
    }

    @Test
    void oneGoroutineReads_whileAnotherWrites_theSameConnection() {
        int rounds = 2000;
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0")) {
                echoServer(l);
                try (Conn c = Net.dial("127.0.0.1:" + l.address().getPort())) {
                    WaitGroup wg = new WaitGroup();
                    wg.add(1);
                    long[] sum = new long[1];
                    Go.go(() -> {
                        byte[] b = new byte[rounds * 4];
                        byte[] got = readN(c, b.length);
                        for (byte x : got) {
                            sum[0] += x;
                        }
                        wg.done();
                    });
                    byte[] four = {1, 2, 3, 4};
                    for (int i = 0; i < rounds; i++) {
                        c.write(four, 0, 4);
                    }
                    wg.await();
                    assertEquals(rounds * 10L, sum[0]);
                }
            }
        });
    }

    @Test
    void concurrentWrites_doNotInterleave() {
        int writers = 8;
        int size = 256 * 1024;
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
                 Conn s = l.accept()) {
                WaitGroup wg = new WaitGroup();
                for (int w = 0; w < writers; w++) {
                    byte[] block = new byte[size];
                    Arrays.fill(block, (byte) w);
                    wg.add(1);
                    Go.go(() -> {
                        c.write(block, 0, size);
                        wg.done();
                    });
                }
                byte[] all = readN(s, writers * size);
                wg.await();
                for (int blockStart = 0; blockStart < all.length; blockStart += size) {
                    byte first = all[blockStart];
                    for (int i = blockStart; i < blockStart + size; i++) {
                        if (all[i] != first) {
                            throw new AssertionError("bytes of two writes interleave at " + i);
                        }
                    }
                }
            }
        });
    }

    /**
     * Listens on {@code address}, retrying briefly: a port just closed is freed when the poller
     * next deregisters its socket, a moment after {@code close} returns.
     */
    @dev.weft.Suspendable
    static Listener eventuallyListen(String address) throws IOException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return Net.listen(address);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Go.sleep(java.time.Duration.ofMillis(1));
            }
        }
    }

    /** Waits until some goroutine is parked for {@code reason} (as {@code Go.dump()} prints it). */
    @dev.weft.Suspendable
    static void awaitParked(String reason) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Go.dump().contains("[" + reason)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no goroutine parked for " + reason + ":\n" + Go.dump());
            }
            Go.sleep(java.time.Duration.ofMillis(1));
        }
    }
}
