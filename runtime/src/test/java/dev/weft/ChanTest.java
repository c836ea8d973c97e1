package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Channels against Go's semantics: {@code src/runtime/chan_test.go} (TestChan,
 * TestNonblockRecvRace, TestMultiConsumer) and the spec's rules for send, receive and close.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }
    private static final int[] CAPS = {0, 1, 2, 10, 100};

    // ---- misuse --------------------------------------------------------------------------

    @Test
    void make_negativeCapacity_throwsIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
    }

    @Test
    void make_noArgumentOrZero_isUnbuffered() {
        assertEquals(0, Chan.make().cap());
        assertEquals(0, Chan.make(0).cap());
        assertEquals(0, Chan.make().len());
    }

    @Test
    void send_null_throwsNullPointerException() {
        Chan<Integer> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> c.onSend(null, null));
        assertEquals(0, c.len(), "nothing was sent");
    }

    @Test
    void close_twice_throwsChannelClosedException() {
        Chan<Integer> c = Chan.make();
        c.close();
        assertThrows(ChannelClosedException.class, c::close);
        assertTrue(c.isClosed());
    }

    @Test
    void trySend_onClosedChannel_throwsChannelClosedException() {
        Chan<Integer> c = Chan.make(1);
        c.close();
        assertThrows(ChannelClosedException.class, () -> c.trySend(1));
    }

    @Test
    void send_onClosedChannel_throwsChannelClosedException() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            c.close();
            Exception e = Go.run(() -> {
                try {
                    c.send(1);
                    return null;
                } catch (ChannelClosedException ex) {
                    return ex;
                }
            });
            assertTrue(e instanceof ChannelClosedException, "cap " + cap);
        }
    }

    // ---- receive from closed -------------------------------------------------------------

    @Test
    void recv_onClosedChannel_returnsNull() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            c.close();
            Integer v = Go.run(() -> c.recv());
            assertNull(v, "cap " + cap);
            assertNull(c.tryRecv(), "tryRecv, cap " + cap);
            assertTrue(c.isClosed());
        }
    }

    @Test
    void recv_onClosedBufferedChannel_drainsBufferedValuesBeforeNull() {
        Chan<Integer> c = Chan.make(3);
        c.send(1);
        c.send(2);
        c.close();
        List<Integer> got = Go.run(() -> {
            List<Integer> l = new ArrayList<>();
            l.add(c.recv());
            l.add(c.recv());
            l.add(c.recv());
            l.add(c.recv());
            return l;
        });
        assertEquals(java.util.Arrays.asList(1, 2, null, null), got);
    }

    // ---- blocking (TestChan) -------------------------------------------------------------

    @Test
    void recv_onEmptyChannel_blocksUntilASend() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            Chan<Integer> got = Chan.make(2);
            AtomicInteger received = new AtomicInteger();
            Go.run(() -> {
                Go.go(() -> {
                    got.send(c.recv());
                    received.incrementAndGet();
                });
                Go.go(() -> {
                    got.send(c.recv());
                    received.incrementAndGet();
                });
                Dumps.awaitParked("chan receive", ChanTest.class, 2);
                assertEquals(0, received.get(), "a receive on an empty channel returned (cap " + cap + ")");
                assertNull(c.tryRecv(), "a non-blocking receive on an empty channel must not return a value");
                c.send(7);
                c.send(8);
                int a = got.recv();
                int b = got.recv();
                assertEquals(15, a + b, "cap " + cap);
            });
        }
    }

    @Test
    void send_onFullChannel_blocksUntilARecv() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            AtomicBoolean sent = new AtomicBoolean();
            Chan<Boolean> done = Chan.make();
            Go.run(() -> {
                for (int i = 0; i < cap; i++) {
                    c.send(i);
                }
                assertFalse(c.trySend(-1), "trySend on a full channel must fail (cap " + cap + ")");
                Go.go(() -> {
                    c.send(1000);
                    sent.set(true);
                    done.send(true);
                });
                Dumps.awaitParked("chan send", ChanTest.class, 1);
                assertFalse(sent.get(), "send on a full channel returned (cap " + cap + ")");
                assertEquals(cap, c.len());
                for (int i = 0; i < cap; i++) {
                    assertEquals(i, c.recv(), "FIFO order, cap " + cap);
                }
                assertEquals(1000, c.recv());
                done.recv();
                assertTrue(sent.get());
                assertEquals(0, c.len());
            });
        }
    }

    @Test
    void recv_fromFullBufferWithParkedSenders_keepsFifoOrder() {
        Chan<Integer> c = Chan.make(2);
        Chan<Boolean> done = Chan.make(3);
        List<Integer> got = Go.run(() -> {
            c.send(1);
            c.send(2);
            for (int v = 3; v <= 5; v++) {
                int value = v;
                Go.go(() -> {
                    c.send(value);
                    done.send(true);
                });
                // Park the senders one by one, so the order they queue in is known.
                Dumps.awaitParked("chan send", ChanTest.class, v - 2);
            }
            List<Integer> l = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                l.add(c.recv());
            }
            for (int i = 0; i < 3; i++) {
                done.recv();
            }
            return l;
        });
        assertEquals(List.of(1, 2, 3, 4, 5), got);
    }

    @Test
    void close_wakesEveryBlockedReceiver_withNull() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            Chan<String> results = Chan.make(3);
            Go.run(() -> {
                for (int i = 0; i < 3; i++) {
                    Go.go(() -> results.send(String.valueOf(c.recv())));
                }
                Dumps.awaitParked("chan receive", ChanTest.class, 3);
                c.close();
                for (int i = 0; i < 3; i++) {
                    assertEquals("null", results.recv(), "cap " + cap);
                }
            });
        }
    }

    @Test
    void close_wakesBlockedSenders_withChannelClosedException() {
        for (int cap : new int[] {0, 1, 5}) {
            Chan<Integer> c = Chan.make(cap);
            Chan<String> results = Chan.make(2);
            Go.run(() -> {
                for (int i = 0; i < cap; i++) {
                    c.send(i);
                }
                for (int i = 0; i < 2; i++) {
                    Go.go(() -> {
                        try {
                            c.send(99);
                            results.send("sent");
                        } catch (ChannelClosedException e) {
                            results.send("closed");
                        }
                    });
                }
                Dumps.awaitParked("chan send", ChanTest.class, 2);
                c.close();
                assertEquals("closed", results.recv(), "cap " + cap);
                assertEquals("closed", results.recv(), "cap " + cap);
                for (int i = 0; i < cap; i++) {
                    assertEquals(i, c.recv(), "buffered values survive close, cap " + cap);
                }
                assertNull(c.recv());
            });
        }
    }

    @Test
    void sendRecv_hundredValues_arriveUncorruptedInFifoOrder() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            Go.run(() -> {
                Go.go(() -> {
                    for (int i = 0; i < 100; i++) {
                        c.send(i);
                    }
                });
                for (int i = 0; i < 100; i++) {
                    int v = c.recv();
                    assertEquals(i, v, "cap " + cap);
                }
            });
        }
    }

    @Test
    void sendRecv_fourSenders_everyValueReceivedExactlyOnce() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            int[] seen = Go.run(() -> {
                for (int p = 0; p < 4; p++) {
                    Go.go(() -> {
                        for (int i = 0; i < 1000; i++) {
                            c.send(i);
                        }
                    });
                }
                int[] counts = new int[1000];
                for (int i = 0; i < 4000; i++) {
                    counts[c.recv()]++;
                }
                return counts;
            });
            for (int i = 0; i < 1000; i++) {
                assertEquals(4, seen[i], "value " + i + " received " + seen[i] + " times, cap " + cap);
            }
        }
    }

    @Test
    void lenAndCap_reportBufferedValuesAndCapacity() {
        for (int cap : CAPS) {
            Chan<Integer> c = Chan.make(cap);
            assertEquals(0, c.len());
            assertEquals(cap, c.cap());
            for (int i = 0; i < cap; i++) {
                assertTrue(c.trySend(i));
                assertEquals(i + 1, c.len(), "cap " + cap);
                assertEquals(cap, c.cap());
            }
            c.close();
            assertEquals(cap, c.len(), "close keeps the buffered values");
        }
    }

    @Test
    void trySend_unbufferedWithoutReceiver_returnsFalse_butWithParkedReceiver_delivers() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> got = Chan.make(1);
        Go.run(() -> {
            assertFalse(c.trySend(1), "nobody receives: an unbuffered trySend must fail");
            Go.go(() -> got.send(c.recv()));
            Dumps.awaitParked("chan receive", ChanTest.class, 1);
            assertTrue(c.trySend(2), "a receiver is parked: trySend hands it the value");
            assertEquals(2, got.recv());
        });
    }

    @Test
    void tryRecv_returnsBufferedValue_orNullWhenEmpty_andTakesFromParkedSender() {
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make();
        Go.run(() -> {
            assertNull(c.tryRecv());
            Go.go(() -> {
                c.send(5);
                done.send(true);
            });
            Dumps.awaitParked("chan send", ChanTest.class, 1);
            assertEquals(5, c.tryRecv(), "a sender is parked: tryRecv takes its value");
            done.recv();
            assertNull(c.tryRecv());
        });
        Chan<Integer> b = Chan.make(2);
        b.send(1);
        assertEquals(1, b.tryRecv());
        assertNull(b.tryRecv());
    }

    @Test
    void nonblockingRecv_racingWithClose_neverTakesTheDefault() {
        // TestNonblockRecvRace: a channel holding a value, or closed, is always ready.
        int n = 2000;
        AtomicInteger notReady = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(1);
                wg.add(1);
                Go.go(() -> {
                    Select.select(c.onRecv(v -> { }), Select.onDefault(notReady::incrementAndGet));
                    wg.done();
                });
                c.close();
                c.recv();
            }
            wg.await();
        });
        assertEquals(0, notReady.get(), "a select took its default although the channel held a value or was closed");
    }

    @Test
    void multiConsumer_underContention_noValueLostOrDuplicated() {
        // TestMultiConsumer: 23 workers range over q and forward to r; the sum must match.
        int nwork = 23;
        int niter = 271828;
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};
        Chan<Integer> q = Chan.make(nwork * 3);
        Chan<Integer> r = Chan.make(nwork * 3);
        AtomicLong expect = new AtomicLong();
        long[] result = Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < nwork; i++) {
                int w = i;
                wg.add(1);
                Go.go(() -> {
                    for (Integer v : q) {
                        if (pn[w % pn.length] == v) {
                            Go.yield(); // mess with the FIFO-ish nature of range
                        }
                        r.send(v);
                    }
                    wg.done();
                });
            }
            Go.go(() -> {
                for (int i = 0; i < niter; i++) {
                    int v = pn[i % pn.length];
                    expect.addAndGet(v);
                    q.send(v);
                }
                q.close();
                wg.await();
                r.close();
            });
            long count = 0;
            long sum = 0;
            for (Integer v : r) {
                count++;
                sum += v;
            }
            return new long[] {count, sum};
        });
        assertEquals(niter, result[0], "values received");
        assertEquals(expect.get(), result[1], "sum of values received");
    }

    @Test
    void forEach_receivesEveryValueUntilClosed() {
        Chan<Integer> c = Chan.make();
        List<Integer> got = Go.run(() -> {
            Go.go(() -> {
                for (int i = 0; i < 10; i++) {
                    c.send(i);
                }
                c.close();
            });
            List<Integer> l = new ArrayList<>();
            for (Integer v : c) {
                l.add(v);
            }
            return l;
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
    }

    @Test
    void iterator_next_afterClose_throwsNoSuchElementException() {
        Chan<Integer> c = Chan.make(1);
        c.send(1);
        c.close();
        java.util.Iterator<Integer> it = c.iterator();
        assertTrue(it.hasNext());
        assertEquals(1, it.next());
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void pingPong_unbuffered_manyRoundTripsKeepOrder() {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Go.run(() -> {
            Go.go(() -> {
                for (Integer v : ping) {
                    pong.send(v + 1);
                }
                pong.close();
            });
            for (int i = 0; i < 100_000; i++) {
                ping.send(i);
                int v = pong.recv();
                if (v != i + 1) {
                    fail("round trip " + i + " answered " + v);
                }
            }
            ping.close();
            assertNull(pong.recv());
        });
    }
}
