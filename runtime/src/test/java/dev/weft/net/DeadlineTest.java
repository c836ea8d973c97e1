package dev.weft.net;

import dev.weft.Chan;
import dev.weft.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

import static dev.weft.net.NetTest.bytes;
import static dev.weft.net.NetTest.readN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's deadlines: past ones at once, armed ones while parked, changed ones, and reuse after expiry. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlineTest {

    /** A connected pair: the dialed end and the accepted end. */
    record Pair(Listener l, Conn c, Conn s) implements AutoCloseable {
        @dev.weft.Suspendable
        static Pair open() throws Exception {
            Listener l = Net.listen("127.0.0.1:0");
            Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
            return new Pair(l, c, l.accept());
        }

        @Override
        public void close() throws Exception {
            c.close();
            s.close();
            l.close();
        }
    }

    @Test
    void readDeadline_inThePast_throwsAtOnce_evenWithBytesWaiting() {
        Within.run(() -> {
            try (Pair p = Pair.open()) {
                p.c.write(bytes("x"), 0, 1);
                p.s.setReadDeadline(Instant.now().minusSeconds(1));
                Expect.thrown(SocketTimeoutException.class, () -> p.s.read(new byte[1], 0, 1));
                p.s.setReadDeadline(null); // usable again after a new deadline
                assertArrayEquals(bytes("x"), readN(p.s, 1));
            }
        });
    }

    @Test
    void readDeadline_expiresWhileParked_thenTheConnectionIsUsableAgain() {
        Within.run(() -> {
            try (Pair p = Pair.open()) {
                long start = System.nanoTime();
                p.s.setReadDeadline(Instant.now().plusMillis(100));
                Expect.thrown(SocketTimeoutException.class, () -> p.s.read(new byte[1], 0, 1));
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMs >= 90, "timed out after " + tookMs + " ms, before its deadline");
                // still expired until a new deadline is set
                Expect.thrown(SocketTimeoutException.class, () -> p.s.read(new byte[1], 0, 1));
                p.s.setReadDeadline(Instant.now().plusSeconds(30));
                p.c.write(bytes("ok"), 0, 2);
                assertArrayEquals(bytes("ok"), readN(p.s, 2));
                // and the other side was never affected
                p.s.write(bytes("w"), 0, 1);
                assertArrayEquals(bytes("w"), readN(p.c, 1));
            }
        });
    }

    @Test
    void deadlineChangedWhileParked_appliesToTheParkedRead() {
        Within.run(() -> {
            try (Pair p = Pair.open()) {
                // far away, then moved near: the parked read times out at the new one
                p.s.setReadDeadline(Instant.now().plusSeconds(3600));
                Chan<Throwable> outcome = Chan.make(1);
                Go.go(() -> {
                    try {
                        p.s.read(new byte[1], 0, 1);
                        outcome.send(new AssertionError("read returned"));
                    } catch (Throwable t) {
                        outcome.send(t);
                    }
                });
                NetTest.awaitParked("IO wait");
                p.s.setReadDeadline(Instant.now().plusMillis(50));
                assertEquals(SocketTimeoutException.class, outcome.recv().getClass());

                // near, then cleared: the parked read waits for bytes instead
                p.s.setReadDeadline(Instant.now().plusMillis(300));
                Chan<Integer> got = Chan.make(1);
                Go.go(() -> got.send(p.s.read(new byte[1], 0, 1)));
                NetTest.awaitParked("IO wait");
                p.s.setReadDeadline(null);
                Go.sleep(Duration.ofMillis(500)); // past the cleared deadline
                p.c.write(bytes("y"), 0, 1);
                assertEquals(1, got.recv());

                // set into the past while parked: it wakes at once
                Chan<Throwable> third = Chan.make(1);
                Go.go(() -> {
                    try {
                        p.s.read(new byte[1], 0, 1);
                        third.send(new AssertionError("read returned"));
                    } catch (Throwable t) {
                        third.send(t);
                    }
                });
                NetTest.awaitParked("IO wait");
                p.s.setDeadline(Instant.EPOCH);
                assertEquals(SocketTimeoutException.class, third.recv().getClass());
            }
        });
    }

    @Test
    void writeDeadline_expiresWhileTheBufferIsFull_andTellsHowMuchWasWritten() {
        Within.run(() -> {
            try (Pair p = Pair.open()) {
                byte[] big = new byte[64 << 20]; // the peer never reads: the buffers fill
                p.c.setWriteDeadline(Instant.now().plusMillis(200));
                SocketTimeoutException e = Expect.thrown(SocketTimeoutException.class, () -> p.c.write(big, 0, big.length));
                assertTrue(e.bytesTransferred > 0 && e.bytesTransferred < big.length, "transferred " + e.bytesTransferred);
                // a past write deadline fails a write at once; reads are unaffected
                Expect.thrown(SocketTimeoutException.class, () -> p.c.write(big, 0, 1));
                p.s.write(bytes("r"), 0, 1);
                assertArrayEquals(bytes("r"), readN(p.c, 1));
                // after a new deadline, writes go on: drain the peer so they can
                p.c.setWriteDeadline(null);
                Chan<Long> drained = Chan.make(1);
                Go.go(() -> {
                    byte[] sink = new byte[1 << 16];
                    long total = 0;
                    for (int n; (n = p.s.read(sink, 0, sink.length)) > 0; ) {
                        total += n;
                    }
                    drained.send(total);
                });
                p.c.write(big, 0, 1 << 20);
                p.c.close(); // the drain then sees the end of the stream
                assertEquals(e.bytesTransferred + (1 << 20), drained.recv());
            }
        });
    }
}
