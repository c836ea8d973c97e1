package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Go}: running a program's main goroutine, panics, deadlock detection, the
 * {@code runtime} package's controls, and goroutine dumps in Go's format.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GoTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    // ---- run ------------------------------------------------------------------------------

    @Test
    void run_returnsWhatMainReturns() {
        assertEquals("hello", Go.run(() -> "hello"));
        assertEquals(42, Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> c.send(42));
            return c.recv();
        }));
        AtomicBoolean ran = new AtomicBoolean();
        Go.run(() -> {
            ran.set(true);
        });
        assertTrue(ran.get());
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void run_mainThatReturnsAtOnce_manyTimesInARow_alwaysReturns() {
        // A main goroutine may end before Go.run has finished starting it.
        for (int i = 0; i < 5000; i++) {
            int expected = i;
            assertEquals(expected, Go.run(() -> expected));
        }
    }

    @Test
    void run_null_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> Go.run((SuspendableRunnable) null));
        assertThrows(NullPointerException.class, () -> Go.run((SuspendableCallable<Object>) null));
        assertThrows(NullPointerException.class, () -> Go.go(null));
    }

    @Test
    void run_mainThrowsCheckedException_propagatesUnchanged() {
        IOException boom = new IOException("boom");
        Exception thrown = assertThrows(Exception.class, () -> Go.run(() -> {
            throw boom;
        }));
        assertSame(boom, thrown);
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> Go.run(() -> {
            Go.yield();
            throw unchecked;
        })));
        StackOverflowError error = new StackOverflowError("an error");
        assertSame(error, assertThrows(StackOverflowError.class, () -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> c.send(1));
            c.recv(); // park and resume first
            throw error;
        })));
    }

    @Test
    void run_goroutineDiesOfAnException_throwsGoroutinePanicException_andPrintsAGoPanicReport() {
        IllegalStateException boom = new IllegalStateException("boom");
        String stderr = captureStderr(() -> {
            GoroutinePanicException e = assertThrows(GoroutinePanicException.class, () -> Go.run(() -> {
                Go.go(() -> {
                    throw boom;
                });
                Chan.make().recv(); // main waits; the panic ends the run
            }));
            assertSame(boom, e.getCause());
        });
        String[] lines = stderr.split("\n");
        int at = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("panic: " + boom)) {
                at = i;
                break;
            }
        }
        assertTrue(at >= 0, "no line 'panic: " + boom + "' in stderr:\n" + stderr);
        assertTrue(at + 2 < lines.length, stderr);
        assertEquals("", lines[at + 1], "a blank line follows the panic line");
        assertTrue(Pattern.matches("goroutine \\d+ \\[running\\]:", lines[at + 2]), "got: " + lines[at + 2]);
    }

    @Test
    void run_goroutineOfAGoroutineDies_panicsTheRunItBelongsTo() {
        AssertionError boom = new AssertionError("deep");
        GoroutinePanicException e = assertThrows(GoroutinePanicException.class, () -> captureStderr(() -> Go.run(() -> {
            Go.go(() -> Go.go(() -> Go.go(() -> {
                throw boom;
            })));
            Chan.make().recv();
        })));
        assertSame(boom, e.getCause());
    }

    @Test
    void go_fromAPlainThread_panicOfAGoroutineOfNoRun_onlyPrintsTheReport() {
        String stderr = captureStderr(() -> {
            Chan<Boolean> started = Chan.make();
            Go.go(() -> {
                started.send(true);
                throw new IllegalArgumentException("orphan");
            });
            started.recv();
            Eventually.until("the panic report is printed", () -> stderrSoFar().contains("orphan"));
        });
        assertTrue(stderr.contains("panic: java.lang.IllegalArgumentException: orphan"), stderr);
        // The JVM goes on; runs are unaffected.
        assertEquals(1, Go.run(() -> 1));
    }

    @Test
    void run_everyGoroutineAsleep_throwsDeadlockException_withGoMessageAndDump() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Bounded.run(() -> {
            Chan.make().recv();
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("all goroutines are asleep - deadlock!"), m);
        assertTrue(m.contains("goroutine "), m);
        assertTrue(m.contains("[chan receive]"), m);
    }

    @Test
    void run_everyGoroutineAsleep_somePinnedInsideAWeftWait_stillThrowsDeadlockException() {
        // A goroutine that cannot unwind (its helper is not @Suspendable) blocks its carrier in
        // place; waiting on a channel nobody sends to, it is as asleep as a parked one.
        DeadlockException e = withoutPinWarnings(() -> assertThrows(DeadlockException.class, () -> Bounded.run(() -> {
            Chan<Integer> never = Chan.make();
            Go.go(() -> receiveWithoutSuspendable(never));
            receiveWithoutSuspendable(never);
        })));
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
    }

    @Test
    void run_goroutinePinnedInAWeftWait_isWokenAsAParkedOneIs() {
        int got = withoutPinWarnings(() -> Bounded.within(Duration.ofSeconds(10), () -> Go.run(() -> {
            Chan<Integer> ch = Chan.make();
            Chan<Integer> back = Chan.make(1);
            Go.go(() -> back.send(receiveWithoutSuspendable(ch)));
            Dumps.awaitParked("chan receive", GoTest.class, 1);
            ch.send(41);
            return back.recv() + 1;
        })));
        assertEquals(42, got);
    }

    /** Runs {@code body} with pin warnings off: the pins of these tests are meant. */
    private static <T> T withoutPinWarnings(java.util.function.Supplier<T> body) {
        return dev.weft.testing.SystemProperty.with("weft.pinWarnings", "false", body);
    }

    /** Not @Suspendable: a receive below it pins its goroutine's carrier. */
    private static Integer receiveWithoutSuspendable(Chan<Integer> ch) {
        return ch.recv();
    }

    @Test
    void run_deadlockAmongSeveralGoroutines_dumpNamesWhereEachWaits() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Bounded.run(() -> {
            Mutex m = new Mutex();
            m.lock();
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                m.lock();
                wg.done();
            });
            Go.go(() -> {
                c.send(1);
                wg.done();
            });
            wg.await();
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("all goroutines are asleep - deadlock!"), m);
        assertTrue(m.contains("[sync.WaitGroup.Wait]"), m);
        assertTrue(m.contains("[sync.Mutex.Lock]"), m);
        assertTrue(m.contains("[chan send]"), m);
    }

    @Test
    void run_mainWaitingWhileATimerIsPending_isNoDeadlock() {
        assertEquals(7, Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(50));
                c.send(7);
            });
            return c.recv();
        }));
        assertEquals(8, Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Time.afterFunc(Duration.ofMillis(50), () -> c.send(8));
            return c.recv();
        }));
    }

    @Test
    void run_whileAPlainThreadIsBlockedInAWeftOperation_isNoDeadlock() throws Exception {
        // A plain thread inside a weft operation may still wake the run, so the run is not
        // judged deadlocked while it waits.
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Thread helper = new Thread(a::recv, "plain-helper");
        helper.setDaemon(true);
        helper.start();
        Eventually.threadBlocked(helper);
        FutureTask<Integer> run = new FutureTask<>(() -> Go.run(() -> b.recv()));
        Thread runner = new Thread(run, "runner");
        runner.start();
        Dumps.awaitParked("chan receive", null, 1); // main parked while the helper is blocked
        b.send(2); // this plain thread wakes main in one operation
        assertEquals(2, run.get(10, TimeUnit.SECONDS));
        a.send(1);
        helper.join(10_000);
    }

    @Test
    void run_deadlockedJustAfterAPlainThreadWokeIt_isStillDetected() throws Exception {
        // A plain thread blocked in a send hands main a value, then main blocks for good.
        // However the runtime treats a plain thread that has just left a weft operation, the
        // deadlock must be reported in the end rather than the run hanging.
        Chan<Integer> c = Chan.make();
        Thread helper = new Thread(() -> c.send(1), "plain-sender");
        helper.setDaemon(true);
        helper.start();
        Eventually.threadBlocked(helper);
        FutureTask<Integer> run = new FutureTask<>(() -> Go.run(() -> {
            c.recv();
            return Chan.<Integer>make().recv();
        }));
        Thread runner = new Thread(run, "runner");
        runner.setDaemon(true);
        runner.start();
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> run.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof DeadlockException, "got " + e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("all goroutines are asleep - deadlock!"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void run_startedWhileGoroutinesOfAnEarlierRunEnd_isNotDeclaredDeadlocked() throws Exception {
        // Goroutines of one run may still be ending when the next run starts; their ends must
        // not make the deadlock detector judge the new run, whose main waits on a timer. Many
        // parked bystanders make each look over the goroutines take a while, as in a big
        // program, and busy plain threads make the OS deschedule carriers at any point.
        Chan<Boolean> release = Chan.make();
        WaitGroup bystanders = new WaitGroup();
        for (int i = 0; i < 2000; i++) {
            bystanders.add(1);
            Go.go(() -> {
                release.recv();
                bystanders.done();
            });
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread hog = new Thread(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }, "cpu-hog-" + i);
            hog.setDaemon(true);
            hog.start();
            hogs.add(hog);
        }
        try {
            for (int i = 0; i < 3000; i++) {
                Go.run(() -> {
                    for (int k = 0; k < 3; k++) {
                        Go.go(Go::yield);
                    }
                });
                Go.run(() -> Go.sleep(Duration.ofNanos(200_000)));
            }
        } finally {
            stop.set(true);
            for (Thread hog : hogs) {
                hog.join();
            }
            release.close();
            bystanders.await();
        }
    }

    @Test
    void run_fromSeveralThreadsAtOnce_eachReturnsItsOwnMainsValue() throws Exception {
        int threads = 4;
        List<FutureTask<Long>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long id = t;
            FutureTask<Long> task = new FutureTask<>(() -> {
                long sum = 0;
                for (int i = 0; i < 200; i++) {
                    long v = Go.run(() -> {
                        Chan<Long> c = Chan.make();
                        Go.go(() -> c.send(id));
                        return c.recv();
                    });
                    sum += v;
                }
                return sum;
            });
            tasks.add(task);
            new Thread(task, "run-" + t).start();
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(200L * t, tasks.get(t).get(30, TimeUnit.SECONDS), "thread " + t);
        }
    }

    @Test
    void run_calledFromInsideAGoroutine_runsItsOwnMainAndReturnsItsValue() {
        int v = Bounded.within(Duration.ofSeconds(20), () -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Go.go(() -> c.send(20)); // a goroutine of the outer run, needed by the inner one's main
            int inner = Go.run(() -> c.recv() + 1);
            return inner * 2;
        }));
        assertEquals(42, v);
    }

    @Test
    void goroutines_stillAliveWhenTheirRunReturns_keepRunning() throws Exception {
        Chan<Integer> in = Chan.make();
        Chan<Integer> out = Chan.make(1);
        Go.run(() -> Go.go(() -> out.send(in.recv() * 2)));
        in.send(21); // from this plain thread, after the run ended
        assertEquals(42, out.recv());
    }

    // ---- runtime controls ---------------------------------------------------------------------

    @Test
    void numGoroutine_countsLiveGoroutines() {
        Go.run(() -> {
            int before = settledGoroutineCount();
            Chan<Boolean> release = Chan.make();
            WaitGroup started = new WaitGroup();
            for (int i = 0; i < 10; i++) {
                started.add(1);
                Go.go(() -> {
                    started.done();
                    release.recv();
                });
            }
            started.await();
            assertEquals(before + 10, Go.numGoroutine(), "ten more goroutines exist");
            release.close();
            Eventually.until("the ten goroutines ended", () -> Go.numGoroutine() == before);
        });
    }

    @Suspendable
    private static int settledGoroutineCount() {
        int[] last = {-1};
        int[] same = {0};
        Eventually.until("the goroutine count settles", () -> {
            int n = Go.numGoroutine();
            same[0] = n == last[0] ? same[0] + 1 : 0;
            last[0] = n;
            return same[0] >= 20;
        });
        return last[0];
    }

    @Test
    void maxProcs_readWithoutChanging() {
        int n = Go.maxProcs();
        assertTrue(n >= 1);
        assertEquals(n, Go.maxProcs(0), "n < 1 only answers the value");
        assertEquals(n, Go.maxProcs(-3));
        assertEquals(n, Go.maxProcs());
    }

    // Changing GOMAXPROCS changes the JVM's one scheduler: those scenarios run in a JVM of
    // their own (MaxProcsScenarios), so one that breaks the scheduler cannot break later tests.

    @Test
    void maxProcs_default_isAvailableProcessors_envGOMAXPROCS_andPropertyWins() {
        String out = ForkedJvm.run(MaxProcsScenarios.class, List.of(), java.util.Map.of(), 30, "print");
        assertTrue(out.contains("maxProcs=" + Runtime.getRuntime().availableProcessors() + "\n"), out);
        out = ForkedJvm.run(MaxProcsScenarios.class, List.of(), java.util.Map.of("GOMAXPROCS", "3"), 30, "print");
        assertTrue(out.contains("maxProcs=3\n"), "env GOMAXPROCS=3: " + out);
        out = ForkedJvm.run(MaxProcsScenarios.class, List.of("-Dweft.maxprocs=2"), java.util.Map.of("GOMAXPROCS", "3"), 30, "print");
        assertTrue(out.contains("maxProcs=2\n"), "-Dweft.maxprocs=2 wins over GOMAXPROCS=3: " + out);
    }

    @Test
    void maxProcs_setAnswersThePreviousValue_andGetReflectsIt() {
        ForkedJvm.run(MaxProcsScenarios.class, List.of(), java.util.Map.of(), 30, "setGet");
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void maxProcs_shrunkAndGrownAgain_goroutinesKeepRunning() {
        ForkedJvm.run(MaxProcsScenarios.class, List.of(), java.util.Map.of(), 40, "shrinkAndGrow");
    }

    @Test
    void loopingGoroutine_onOneProcessor_doesNotStarveTheOthers() {
        ForkedJvm.run(MaxProcsScenarios.class, List.of("-Dweft.maxprocs=1"), java.util.Map.of(), 30, "looping");
    }

    @Test
    void yield_letsTheOtherGoroutinesRun() {
        ForkedJvm.run(MaxProcsScenarios.class, List.of("-Dweft.maxprocs=1"), java.util.Map.of(), 30, "yield");
        Go.yield(); // from a plain thread: just returns
    }

    /** The GOMAXPROCS scenarios, each run as the main program of a forked JVM. */
    public static final class MaxProcsScenarios {
        public static void main(String[] args) {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("HUNG: " + args[0] + " did not finish in 30 s; maxProcs=" + Go.maxProcs() + "; goroutines:\n" + Go.dump());
                System.exit(3);
            }, "watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            switch (args[0]) {
                case "print" -> System.out.println("maxProcs=" + Go.maxProcs());
                case "setGet" -> setGet();
                case "shrinkAndGrow" -> shrinkAndGrow();
                case "looping" -> looping();
                case "yield" -> yieldOnOneProc();
                default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("OK");
            System.exit(0);
        }

        private static void setGet() {
            int prev = Go.maxProcs();
            assertEquals(prev, Go.maxProcs(prev + 1));
            assertEquals(prev + 1, Go.maxProcs());
            assertEquals(prev + 1, Go.maxProcs(0), "n < 1 only answers the value");
            assertEquals(prev + 1, Go.maxProcs(1));
            assertEquals(1, Go.maxProcs());
            assertEquals(100, pingPongs(100), "work gets done on one processor");
            assertEquals(1, Go.maxProcs(prev));
            assertEquals(prev, Go.maxProcs());
            assertEquals(100, pingPongs(100), "work gets done after restoring");
        }

        private static void shrinkAndGrow() {
            int prev = Go.maxProcs();
            for (int round = 0; round < 20; round++) {
                System.out.println("round " + round);
                Go.maxProcs(1);
                assertEquals(100, pingPongs(100), "round " + round + " on one processor");
                Go.maxProcs(prev + 1 + round % 3);
                assertEquals(100, pingPongs(100), "round " + round + " after growing to " + Go.maxProcs());
                Go.maxProcs(prev);
                assertEquals(100, pingPongs(100), "round " + round + " back at " + prev);
            }
        }

        private static void looping() {
            assertEquals(1, Go.maxProcs());
            Go.run(() -> {
                AtomicBoolean flag = new AtomicBoolean();
                Chan<Boolean> spinning = Chan.make(1);
                Chan<Long> done = Chan.make();
                Go.go(() -> {
                    long spins = 0;
                    spinning.send(true); // buffered: readies the setter, which needs this P
                    while (!flag.get()) {
                        spins++; // never parks: only preemption lets the setter run
                    }
                    done.send(spins);
                });
                Go.go(() -> {
                    spinning.recv();
                    flag.set(true);
                });
                return done.recv();
            });
        }

        private static void yieldOnOneProc() {
            assertEquals(1, Go.maxProcs());
            List<Integer> order = Go.run(() -> {
                List<Integer> l = new ArrayList<>();
                WaitGroup wg = new WaitGroup();
                for (int g = 0; g < 2; g++) {
                    int me = g;
                    wg.add(1);
                    Go.go(() -> {
                        for (int i = 0; i < 3; i++) {
                            synchronized (l) {
                                l.add(me);
                            }
                            Go.yield();
                        }
                        wg.done();
                    });
                }
                wg.await();
                return l;
            });
            assertEquals(6, order.size());
            // With one processor, yield hands it to the other goroutine: they interleave.
            assertTrue(order.subList(0, 3).contains(0) && order.subList(0, 3).contains(1), "no interleaving: " + order);
        }
    }

    private static int pingPongs(int n) {
        return Go.run(() -> {
            AtomicInteger done = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < n; i++) {
                wg.add(1);
                Go.go(() -> {
                    Chan<Integer> c = Chan.make();
                    Go.go(() -> c.send(1));
                    Go.yield();
                    done.addAndGet(c.recv());
                    wg.done();
                });
            }
            wg.await();
            return done.get();
        });
    }

    @Test
    void inGoroutine_isTrueInsideGoroutines_andFalseOnPlainThreads() {
        assertFalse(Go.inGoroutine());
        List<Boolean> inside = Go.run(() -> {
            List<Boolean> l = new ArrayList<>();
            l.add(Go.inGoroutine());
            Chan<Boolean> c = Chan.make();
            Go.go(() -> c.send(Go.inGoroutine()));
            l.add(c.recv());
            Go.yield();
            l.add(Go.inGoroutine());
            return l;
        });
        assertEquals(List.of(true, true, true), inside);
        assertFalse(Go.inGoroutine());
    }

    // ---- dumps ----------------------------------------------------------------------------

    /** Waits for the one goroutine of this test parked with {@code reason}; answers its dump text. */
    @Suspendable
    private static String parkedIn(String reason, String blockingCall) {
        Dumps.awaitParked(reason, GoTest.class, 1);
        List<String> gs = Dumps.parked(Dumps.safeDump(), reason, GoTest.class);
        assertEquals(1, gs.size(), String.join("\n", gs));
        String g = gs.get(0);
        assertTrue(Pattern.compile("^goroutine \\d+ \\[" + Pattern.quote(reason) + "\\]:\n").matcher(g).find(), g);
        assertTrue(g.contains(blockingCall + "("), "the stack names " + blockingCall + ":\n" + g);
        assertTrue(Pattern.compile("(?m)^created by dev\\.weft\\.GoTest.* in goroutine \\d+$").matcher(g).find(), g);
        return g;
    }

    @Test
    void dump_goroutineBlockedInSend_showsChanSend() {
        Chan<Integer> c = Chan.make();
        Go.run(() -> {
            Go.go(() -> c.send(1));
            parkedIn("chan send", "dev.weft.Chan.send");
            c.recv();
        });
    }

    @Test
    void dump_goroutineBlockedInRecv_showsChanReceive() {
        Chan<Integer> c = Chan.make();
        Go.run(() -> {
            Go.go(c::recv);
            parkedIn("chan receive", "dev.weft.Chan.recv");
            c.send(1);
        });
    }

    @Test
    void dump_goroutineBlockedInForEach_showsChanReceive() {
        Chan<Integer> c = Chan.make();
        Go.run(() -> {
            Go.go(() -> {
                for (Integer v : c) {
                    assertEquals(1, v);
                }
            });
            Dumps.awaitParked("chan receive", GoTest.class, 1);
            c.close();
        });
    }

    @Test
    void dump_goroutineBlockedInSelect_showsSelect() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Go.run(() -> {
            Go.go(() -> Select.select(a.onRecv(null), b.onRecv(null)));
            parkedIn("select", "dev.weft.Select.select");
            b.send(1);
        });
    }

    @Test
    void dump_goroutineInEmptySelect_showsSelectNoCases() {
        Go.run(() -> {
            Go.go(Select::select); // parked for good
            parkedIn("select (no cases)", "dev.weft.Select.select");
        });
    }

    @Test
    void dump_goroutineBlockedInMutexLock_showsSyncMutexLock() {
        Mutex m = new Mutex();
        Go.run(() -> {
            m.lock();
            Go.go(() -> {
                m.lock();
                m.unlock();
            });
            parkedIn("sync.Mutex.Lock", "dev.weft.Mutex.lock");
            m.unlock();
        });
    }

    @Test
    void dump_goroutineBlockedInWaitGroupAwait_showsSyncWaitGroupWait() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.run(() -> {
            Go.go(wg::await);
            parkedIn("sync.WaitGroup.Wait", "dev.weft.WaitGroup.await");
            wg.done();
        });
    }

    @Test
    void dump_goroutineSleeping_showsSleep() {
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                Go.sleep(Duration.ofSeconds(1));
                wg.done();
            });
            parkedIn("sleep", "dev.weft.Go.sleep");
            wg.await();
        });
    }

    @Test
    void dump_goroutineBlockedInCondAwait_showsSyncCondWait() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        boolean[] ready = {false};
        Go.run(() -> {
            Go.go(() -> {
                m.lock();
                while (!ready[0]) {
                    c.await();
                }
                m.unlock();
            });
            parkedIn("sync.Cond.Wait", "dev.weft.Cond.await");
            m.lock();
            ready[0] = true;
            c.broadcast();
            m.unlock();
        });
    }

    @Test
    void dump_goroutineBlockedInRLock_showsSyncRWMutexRLock() {
        RWMutex rw = new RWMutex();
        Go.run(() -> {
            rw.lock();
            Go.go(() -> {
                rw.rLock();
                rw.rUnlock();
            });
            parkedIn("sync.RWMutex.RLock", "dev.weft.RWMutex.rLock");
            rw.unlock();
        });
    }

    @Test
    void dump_goroutineBlockedInRWMutexLock_showsSyncRWMutexLock() {
        RWMutex rw = new RWMutex();
        Go.run(() -> {
            rw.rLock();
            Go.go(() -> {
                rw.lock();
                rw.unlock();
            });
            parkedIn("sync.RWMutex.Lock", "dev.weft.RWMutex.lock");
            rw.rUnlock();
        });
    }

    @Test
    void dump_goroutineBlockedInSemaphoreAcquire_showsSemacquire() {
        Semaphore s = new Semaphore(1);
        Go.run(() -> {
            s.acquire(1);
            Go.go(() -> {
                s.acquire(1);
                s.release(1);
            });
            parkedIn("semacquire", "dev.weft.Semaphore.acquire");
            s.release(1);
        });
    }

    @Test
    void dump_callingGoroutine_showsItselfRunning() {
        String dump = Go.run(Go::dump);
        assertTrue(Pattern.compile("(?m)^goroutine \\d+ \\[running\\]:$").matcher(dump).find(), dump);
    }

    @Test
    void dump_whileGoroutinesParkAndResumeConstantly_neverFails() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Chan<Boolean> finished = Chan.make(16);
        for (int p = 0; p < 16; p++) {
            Go.go(() -> {
                Chan<Integer> c = Chan.make();
                Go.go(() -> {
                    while (c.recv() != null) {
                        Go.yield();
                    }
                });
                while (!stop.get()) {
                    c.send(1);
                    Select.select(c.onSend(2, null), Select.onDefault(Go::yield));
                }
                c.close();
                finished.send(true);
            });
        }
        long end = System.nanoTime() + 3_000_000_000L;
        int dumps = 0;
        while (System.nanoTime() < end) {
            try {
                String d = Go.dump();
                if (!d.isEmpty() && !d.startsWith("goroutine ")) {
                    failure.compareAndSet(null, new AssertionError("malformed dump:\n" + d));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
            dumps++;
        }
        stop.set(true);
        for (int p = 0; p < 16; p++) {
            finished.recv();
        }
        if (failure.get() != null) {
            throw new AssertionError("Go.dump() failed after " + dumps + " dumps", failure.get());
        }
    }

    // ---- stderr capture -------------------------------------------------------------------

    private static final Object STDERR_LOCK = new Object();
    private static volatile ByteArrayOutputStream captured;

    private static String stderrSoFar() {
        ByteArrayOutputStream c = captured;
        return c == null ? "" : c.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code body} with stderr copied into a buffer; answers what was printed. */
    private static String captureStderr(Runnable body) {
        synchronized (STDERR_LOCK) {
            PrintStream old = System.err;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            captured = buf;
            System.setErr(new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (buf) {
                        buf.write(b);
                    }
                    old.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (buf) {
                        buf.write(b, off, len);
                    }
                    old.write(b, off, len);
                }
            }, true, StandardCharsets.UTF_8));
            try {
                body.run();
            } finally {
                System.setErr(old);
                captured = null;
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
