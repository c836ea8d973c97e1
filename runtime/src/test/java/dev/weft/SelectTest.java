package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code select} against Go's semantics: {@code src/runtime/chan_test.go} (TestSelectFairness,
 * TestSelectDuplicateChannel, TestSelfSelect, TestPseudoRandomSend, TestSelectStress) and the
 * spec: uniform choice among ready cases, default only when none is ready, {@code select {}}
 * blocks forever.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    // ---- misuse and the shape of a select --------------------------------------------------

    @Test
    void select_twoDefaults_throwsIllegalArgumentException() {
        Chan<Integer> c = Chan.make(1);
        assertThrows(IllegalArgumentException.class,
                () -> Select.select(Select.onDefault(null), c.onRecv(null), Select.onDefault(null)));
        assertThrows(IllegalArgumentException.class, () -> Select.select(Select.onDefault(null), Select.onDefault(null)));
    }

    @Test
    void select_onlyADefault_runsItAndReturnsItsIndex() {
        AtomicInteger ran = new AtomicInteger();
        int i = Go.run(() -> Select.select(Select.onDefault(ran::incrementAndGet)));
        assertEquals(0, i);
        assertEquals(1, ran.get());
    }

    @Test
    void select_noCaseReady_takesTheDefault_andReturnsItsPosition() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make(1);
        b.send(1); // full: a send on b is not ready
        AtomicInteger ran = new AtomicInteger(-1);
        int i = Go.run(() -> Select.select(
                a.onRecv(v -> ran.set(0)),
                Select.onDefault(() -> ran.set(1)),
                b.onSend(2, () -> ran.set(2))));
        assertEquals(1, i, "the default's position in the arguments");
        assertEquals(1, ran.get());
        assertEquals(1, b.len(), "nothing was sent");
    }

    @Test
    void select_readyCase_isPreferredOverTheDefault() {
        for (int k = 0; k < 100; k++) {
            Chan<Integer> c = Chan.make(1);
            c.send(5);
            AtomicInteger got = new AtomicInteger();
            int i = Go.run(() -> Select.select(Select.onDefault(() -> got.set(-1)), c.onRecv(got::set)));
            assertEquals(1, i);
            assertEquals(5, got.get());
        }
    }

    @Test
    void select_recvOnClosedChannel_isReady_andThenReceivesNull() {
        Chan<Integer> c = Chan.make();
        c.close();
        Object[] got = {"unset"};
        int i = Go.run(() -> Select.select(c.onRecv(v -> got[0] = v), Select.onDefault(null)));
        assertEquals(0, i, "a closed channel is always ready to receive");
        assertNull(got[0]);
    }

    @Test
    void select_sendOnClosedChannel_throwsChannelClosedException() {
        Chan<Integer> c = Chan.make(1);
        c.close();
        Throwable t = Go.run(() -> {
            try {
                Select.select(c.onSend(1, null), Select.onDefault(null));
                return null;
            } catch (ChannelClosedException e) {
                return e;
            }
        });
        assertTrue(t instanceof ChannelClosedException, "select sending on a closed channel must fail, got " + t);
    }

    @Test
    void select_thenHandlerThrowsCheckedException_propagatesUnchanged() {
        IOException boom = new IOException("boom");
        Chan<Integer> c = Chan.make(1);
        c.send(1);
        Exception fromRecv = Go.run(() -> {
            try {
                Select.select(c.onRecv(v -> {
                    throw boom;
                }));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertSame(boom, fromRecv);
        Exception fromDefault = Go.run(() -> {
            try {
                Select.select(Select.onDefault(() -> {
                    throw boom;
                }));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertSame(boom, fromDefault);
        Chan<Integer> s = Chan.make(1);
        Exception fromSend = Go.run(() -> {
            try {
                Select.select(s.onSend(1, () -> {
                    throw boom;
                }));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertSame(boom, fromSend);
        assertEquals(1, s.len(), "the send happened before its handler threw");
    }

    @Test
    void select_noCases_blocksForever_shownAsSelectNoCases() {
        // The goroutine stays parked for good, as Go's `select {}` does.
        Go.run(() -> {
            Go.go(() -> {
                Select.select();
                fail("select {} returned");
            });
            Dumps.awaitParked("select (no cases)", SelectTest.class, 1);
        });
    }

    // ---- blocking ------------------------------------------------------------------------

    @Test
    void select_noneReady_parksUntilOneCaseCanProceed_andRunsOnlyThatCase() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<String> result = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> {
                int i = Select.select(
                        a.onRecv(v -> result.send("a" + v)),
                        b.onRecv(v -> result.send("b" + v)));
                result.send("index" + i);
            });
            Dumps.awaitParked("select", SelectTest.class, 1);
            b.send(7);
            assertEquals("b7", result.recv());
            assertEquals("index1", result.recv());
            assertEquals(false, a.trySend(1), "the losing case's waiter must be gone from a");
        });
    }

    @Test
    void select_parkedSendCase_completesWhenAReceiverArrives() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> result = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> result.send(Select.select(a.onRecv(null), b.onSend(11, null))));
            Dumps.awaitParked("select", SelectTest.class, 1);
            assertEquals(11, b.recv());
            assertEquals(1, result.recv());
        });
    }

    @Test
    void select_parkedOnChannelThatIsClosed_wakesWithNull() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<String> result = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> Select.select(a.onRecv(v -> result.send("a:" + v)), b.onRecv(v -> result.send("b:" + v))));
            Dumps.awaitParked("select", SelectTest.class, 1);
            a.close();
            assertEquals("a:null", result.recv());
        });
    }

    @Test
    void select_parkedSendCase_channelClosed_throwsChannelClosedException() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<String> result = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> {
                try {
                    Select.select(a.onSend(1, null), b.onRecv(null));
                    result.send("returned");
                } catch (ChannelClosedException e) {
                    result.send("closed");
                }
            });
            Dumps.awaitParked("select", SelectTest.class, 1);
            a.close();
            assertEquals("closed", result.recv());
        });
    }

    @Test
    void select_parkedWithSendAndRecv_twoPartnersArrive_exactlyOneCaseCompletes() {
        // The select is claimed once: of a receiver on a and a sender on b arriving together,
        // exactly one completes with it; the other must stay parked.
        for (int round = 0; round < 300; round++) {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            Chan<Integer> chosen = Chan.make(1);
            Chan<String> partners = Chan.make(2);
            Go.run(() -> {
                Go.go(() -> chosen.send(Select.select(a.onSend(1, null), b.onRecv(null))));
                Dumps.awaitParked("select", SelectTest.class, 1);
                Go.go(() -> partners.send("recv a=" + a.recv()));
                Go.go(() -> {
                    b.send(2);
                    partners.send("sent b");
                });
                int i = chosen.recv();
                String first = partners.recv();
                if (i == 0) {
                    assertEquals("recv a=1", first);
                    Dumps.awaitParked("chan send", SelectTest.class, 1);
                    assertEquals(2, b.recv(), "the sender on b is still waiting");
                    assertEquals("sent b", partners.recv());
                } else {
                    assertEquals(1, i);
                    assertEquals("sent b", first);
                    Dumps.awaitParked("chan receive", SelectTest.class, 1);
                    a.send(9);
                    assertEquals("recv a=9", partners.recv(), "the receiver on a got nothing from the select");
                }
            });
        }
    }

    // ---- fairness ------------------------------------------------------------------------

    @Test
    void select_manyReadyCases_choosesUniformly() {
        // TestSelectFairness, with four always-ready cases: each is chosen 1/4 of the time.
        int trials = 40_000;
        int cases = 4;
        int[] counts = Go.run(() -> {
            List<Chan<Integer>> chans = new ArrayList<>();
            for (int i = 0; i < cases; i++) {
                Chan<Integer> c = Chan.make(1);
                c.send(i);
                chans.add(c);
            }
            int[] cnt = new int[cases];
            for (int t = 0; t < trials; t++) {
                int i = Select.select(chans.get(0).onRecv(null), chans.get(1).onRecv(null),
                        chans.get(2).onRecv(null), chans.get(3).onRecv(null));
                cnt[i]++;
                chans.get(i).send(i); // ready again
            }
            return cnt;
        });
        double expected = (double) trials / cases;
        double sigma = Math.sqrt(trials * (1.0 / cases) * (1 - 1.0 / cases));
        for (int i = 0; i < cases; i++) {
            assertTrue(Math.abs(counts[i] - expected) < 10 * sigma,
                    "unfair select: case " + i + " chosen " + counts[i] + " times of " + trials + ", counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void select_fairnessBetweenBufferedChannels_throughAPipeline() {
        // TestSelectFairness proper: a goroutine selects over two full channels (and two empty
        // ones), forwarding what it gets; both full channels must be chosen about equally.
        int trials = 10_000;
        Chan<Integer> c1 = Chan.make(trials + 1);
        Chan<Integer> c2 = Chan.make(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Chan<Integer> c3 = Chan.make();
        Chan<Integer> c4 = Chan.make();
        Chan<Integer> out = Chan.make();
        Chan<Boolean> done = Chan.make();
        int[] cnt = Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                try {
                    while (true) {
                        int[] b = new int[1];
                        Select.select(c3.onRecv(v -> b[0] = v), c4.onRecv(v -> b[0] = v),
                                c1.onRecv(v -> b[0] = v), c2.onRecv(v -> b[0] = v));
                        boolean[] stop = {false};
                        Select.select(out.onSend(b[0], null), done.onRecv(v -> stop[0] = true));
                        if (stop[0]) {
                            return;
                        }
                    }
                } finally {
                    wg.done();
                }
            });
            int[] counts = new int[3];
            for (int i = 0; i < trials; i++) {
                counts[out.recv()]++;
            }
            done.close();
            wg.await();
            return counts;
        });
        assertEquals(trials, cnt[1] + cnt[2]);
        double r = (double) cnt[1] / trials;
        // 10 sigma of a fair coin over `trials` flips.
        assertTrue(Math.abs(r - 0.5) < 10 * 0.5 / Math.sqrt(trials), "unfair select: " + cnt[1] + " vs " + cnt[2]);
    }

    @Test
    void select_twoSendCasesOnOneChannel_bothAreChosenOverTime() {
        // TestPseudoRandomSend.
        int n = 100;
        for (int cap : new int[] {0, n}) {
            Chan<Integer> c = Chan.make(cap);
            int[] l = new int[n];
            Go.run(() -> {
                Mutex m = new Mutex();
                m.lock();
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        Go.yield();
                        l[i] = c.recv();
                    }
                    m.unlock();
                });
                for (int i = 0; i < n; i++) {
                    Select.select(c.onSend(1, null), c.onSend(0, null));
                }
                m.lock();
            });
            int zeros = 0;
            int ones = 0;
            for (int v : l) {
                zeros += (v + 1) % 2;
                ones += v;
            }
            assertTrue(zeros > n / 10 && ones > n / 10,
                    "want pseudorandom, got " + zeros + " zeros and " + ones + " ones (cap " + cap + ")");
        }
    }

    // ---- corner cases from Go's tests ------------------------------------------------------

    @Test
    void select_sameChannelInTwoCases_losingWaitersUnlinkedCleanly() {
        // TestSelectDuplicateChannel: A selects on c twice and on d; B waits on c behind it.
        // Waking A through d must unlink both of A's waiters from c, so a send on c wakes B.
        Chan<Integer> c = Chan.make();
        Chan<Integer> d = Chan.make();
        Chan<Integer> e = Chan.make();
        Chan<Integer> fromB = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> {
                Select.select(c.onRecv(null), c.onRecv(null), d.onRecv(null));
                e.send(9);
            });
            Dumps.awaitParked("select", SelectTest.class, 1); // A is queued on c first
            Go.go(() -> fromB.send(c.recv()));
            Dumps.awaitParked("chan receive", SelectTest.class, 1); // then B
            d.send(7);  // wakes A, which dequeues itself from c
            assertEquals(9, e.recv());
            c.send(8);  // must reach B
            assertEquals(8, fromB.recv());
        });
    }

    @Test
    void select_sendAndRecvOnSameChannel_neverMatchesItself() {
        // TestSelfSelect: two goroutines each select send-or-receive on one channel.
        for (int cap : new int[] {0, 10}) {
            AtomicInteger selfReceives = new AtomicInteger();
            Chan<Integer> c = Chan.make(cap);
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                for (int p = 0; p < 2; p++) {
                    int me = p;
                    Go.go(() -> {
                        for (int i = 0; i < 1000; i++) {
                            if (me == 0 || i % 2 == 0) {
                                Select.select(c.onSend(me, null), c.onRecv(v -> {
                                    if (cap == 0 && v == me) {
                                        selfReceives.incrementAndGet();
                                    }
                                }));
                            } else {
                                Select.select(c.onRecv(v -> {
                                    if (cap == 0 && v == me) {
                                        selfReceives.incrementAndGet();
                                    }
                                }), c.onSend(me, null));
                            }
                        }
                        wg.done();
                    });
                }
                wg.await();
            });
            assertEquals(0, selfReceives.get(), "a select received its own send (cap " + cap + ")");
        }
    }

    @Test
    void select_stress_sendersAndReceiversAllInSelects_everyValueDeliveredOnce() {
        // TestSelectStress, reduced: four channels, senders and receivers all selecting.
        int n = 5000;
        List<Chan<Integer>> cs = new ArrayList<>();
        for (int cap : new int[] {0, 0, 1, 5}) {
            cs.add(Chan.make(cap));
        }
        long[] sums = Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            AtomicInteger received = new AtomicInteger();
            long[] got = new long[1];
            Mutex m = new Mutex();
            for (int k = 0; k < 4; k++) {
                int sender = k;
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        int v = sender * n + i;
                        Select.select(cs.get(0).onSend(v, null), cs.get(1).onSend(v, null),
                                cs.get(2).onSend(v, null), cs.get(3).onSend(v, null));
                    }
                    wg.done();
                });
            }
            WaitGroup readers = new WaitGroup();
            Chan<Boolean> stop = Chan.make();
            for (int k = 0; k < 4; k++) {
                readers.add(1);
                Go.go(() -> {
                    boolean[] stopped = {false};
                    while (!stopped[0]) {
                        long[] v = {-1};
                        Select.select(cs.get(0).onRecv(x -> v[0] = x), cs.get(1).onRecv(x -> v[0] = x),
                                cs.get(2).onRecv(x -> v[0] = x), cs.get(3).onRecv(x -> v[0] = x),
                                stop.onRecv(x -> stopped[0] = true));
                        if (v[0] >= 0) {
                            m.lock();
                            got[0] += v[0];
                            m.unlock();
                            received.incrementAndGet();
                        }
                    }
                    readers.done();
                });
            }
            wg.await();
            Eventually.until("every value received", () -> received.get() == 4 * n);
            stop.close();
            readers.await();
            return new long[] {received.get(), got[0]};
        });
        long total = 4L * n;
        assertEquals(total, sums[0]);
        assertEquals(total * (total - 1) / 2, sums[1], "sum of received values");
    }

    @Test
    void select_inGoroutinesThatRunLongWithoutParking_survivesPreemption() {
        // Goroutines that select in a loop without ever parking run for longer than the
        // monitor's 10 ms slice, so they are asked to yield at a loop back-edge; that may happen
        // anywhere in select, also while it holds the channels' locks. The select must still
        // complete correctly (channel locks must never travel to another carrier thread).
        int workers = Math.max(4, 2 * Go.maxProcs());
        long runNanos = 1_500_000_000L;
        AtomicInteger selects = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int w = 0; w < workers; w++) {
                wg.add(1);
                Go.go(() -> {
                    Chan<Integer> idle1 = Chan.make();
                    Chan<Integer> idle2 = Chan.make();
                    Chan<Integer> idle3 = Chan.make(1);
                    idle3.send(0); // full: its send case is never ready
                    Chan<Integer> ready = Chan.make(1);
                    ready.send(1);
                    long end = System.nanoTime() + runNanos;
                    while (System.nanoTime() < end) {
                        int i = Select.select(idle1.onRecv(null), idle2.onRecv(null), idle3.onSend(5, null),
                                ready.onRecv(v -> ready.trySend(v)));
                        if (i != 3) {
                            throw new AssertionError("chose case " + i + ", which was never ready");
                        }
                        selects.incrementAndGet();
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertTrue(selects.get() > 0);
    }

    @Test
    void select_thenHandler_mayParkItself() {
        // A case's handler runs after its operation and may block like any goroutine code.
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> relay = Chan.make();
        a.send(4);
        Go.run(() -> {
            Chan<Integer> out = Chan.make(1);
            Go.go(() -> Select.select(a.onRecv(v -> relay.send(v * 10)), Select.onDefault(null)));
            Dumps.awaitParked("chan send", SelectTest.class, 1); // parked inside the handler
            assertEquals(40, relay.recv());
            Go.go(() -> Select.select(relay.onRecv(v -> {
                Go.sleep(java.time.Duration.ofMillis(5));
                out.send(v + 1);
            })));
            relay.send(1);
            assertEquals(2, out.recv());
        });
    }
}
