package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.DeadlockException;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.internal.Tunables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The scheduler under load: many goroutines handing values over buffered and unbuffered
 * channels, select loops, a mutex-guarded counter, trees of WaitGroups and a long chain of
 * goroutines, each with one processor and with two. Every workload checks that no value was
 * lost or duplicated (each value is marked seen exactly once, sums and counts match) and that
 * it ends: a deadlock surfaces as {@link DeadlockException} from {@code Go.run}, a hang as the
 * test's timeout.
 *
 * <p>Randomized scheduling. {@code weft.sched.random} is read once, when the JVM's one
 * scheduler starts, so it cannot be switched on for one test of a suite that already started
 * it. {@link #workloads_underRandomizedScheduling_stillDeliverEverything} therefore runs every
 * workload again in a child JVM started with {@code -Dweft.sched.random=true}, on this JVM's
 * class path (the woven test classes included), through {@link #main}.
 *
 * <p>The package stands for application code, so the workloads' own loops carry preemption
 * checks (weft puts none in its runtime, {@code dev.weft} and {@code dev.weft.internal}) and
 * goroutines are also preempted in the middle of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulerStressTest {

    @ParameterizedTest(name = "maxProcs {0}")
    @ValueSource(ints = {1, 2})
    void producersAndConsumers_overUnbufferedChannel_deliverEveryValueExactlyOnce(int procs) {
        withProcs(procs, () -> producersAndConsumers(0));
    }

    @ParameterizedTest(name = "maxProcs {0}")
    @ValueSource(ints = {1, 2})
    void producersAndConsumers_overBufferedChannels_deliverEveryValueExactlyOnce(int procs) {
        withProcs(procs, () -> {
            producersAndConsumers(1);
            producersAndConsumers(64);
        });
    }

    @ParameterizedTest(name = "maxProcs {0}")
    @ValueSource(ints = {1, 2})
    void selectLoops_fanningInAndOut_deliverEveryValueExactlyOnce(int procs) {
        withProcs(procs, SchedulerStressTest::selectFanInFanOut);
    }

    @ParameterizedTest(name = "maxProcs {0}")
    @ValueSource(ints = {1, 2})
    void mutexGuardedCounter_withHoldersThatPark_countsEveryIncrementWithOneHolderAtATime(int procs) {
        withProcs(procs, SchedulerStressTest::mutexCounter);
    }

    @ParameterizedTest(name = "maxProcs {0}")
    @ValueSource(ints = {1, 2})
    void waitGroupTree_everyAwaiterReturnsOnlyAfterTheWholeTreeIsDone(int procs) {
        withProcs(procs, SchedulerStressTest::waitGroupTree);
    }

    @ParameterizedTest(name = "maxProcs {0}")
    @ValueSource(ints = {1, 2})
    void chainOfTenThousandGoroutines_passesEveryTokenThroughEveryLink(int procs) {
        withProcs(procs, SchedulerStressTest::chain);
    }

    /**
     * Growing the number of processors wakes a spinning carrier for the new one; shrinking it at
     * once retires that processor under the spinner. The goroutine started next must still run:
     * the spinner that loses its processor must not stop looking for work, or the goroutine
     * waits in the global queue with an idle processor and nobody to run it.
     */
    @Test
    void maxProcs_shrunkRightAfterGrowing_theNextGoroutineStillRuns() throws Exception {
        int previous = Go.maxProcs();
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 20; round++) {
                Future<Integer> run = caller.submit(() -> {
                    Go.maxProcs(1);
                    producersAndConsumers(0); // leaves carriers winding down, as a real program would
                    Go.maxProcs(previous + 1);
                    Go.maxProcs(1);
                    return Go.run(() -> 42);
                });
                try {
                    assertEquals(42, run.get(20, TimeUnit.SECONDS));
                } catch (TimeoutException e) {
                    fail("round " + round + ": the run's main goroutine never ran after maxProcs went "
                            + (previous + 1) + " then 1:\n" + Go.dump());
                }
            }
        } finally {
            Go.maxProcs(previous);
            caller.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void workloads_underRandomizedScheduling_stillDeliverEverything() throws Exception {
        File log = File.createTempFile("weft-random-sched", ".log");
        log.deleteOnExit();
        Process child = new ProcessBuilder(
                new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-Dweft.sched.random=true",
                "-cp", System.getProperty("java.class.path"),
                SchedulerStressTest.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        boolean ended = child.waitFor(CHILD_LIMIT_SECONDS + 60, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        System.out.print(output);
        assertTrue(ended, "the child JVM did not end within " + (CHILD_LIMIT_SECONDS + 60) + " s:\n" + tail(output));
        assertEquals(0, child.exitValue(), "a workload failed under randomized scheduling:\n" + tail(output));
        assertTrue(output.contains(CHILD_OK), "the child JVM ended without running its workloads:\n" + tail(output));
    }

    // ---- the child JVM ----------------------------------------------------------------------

    static final String CHILD_OK = "weft: every workload passed under randomized scheduling";
    static final int CHILD_LIMIT_SECONDS = 180;

    /**
     * Runs every workload with one processor and with two, in a JVM started with
     * {@code -Dweft.sched.random=true}; exits 0 if all passed. A watchdog prints the goroutine
     * dump and exits 2 if they take more than {@link #CHILD_LIMIT_SECONDS}.
     */
    public static void main(String[] args) {
        if (!Tunables.schedRandom()) {
            System.err.println("weft: run me with -Dweft.sched.random=true");
            System.exit(3);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(CHILD_LIMIT_SECONDS));
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("weft: workloads still running after " + CHILD_LIMIT_SECONDS + " s\n" + Go.dump());
            System.exit(2);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            for (int procs : new int[] {1, 2}) {
                List<Runnable> all = List.of(
                        () -> producersAndConsumers(0),
                        () -> producersAndConsumers(1),
                        () -> producersAndConsumers(64),
                        SchedulerStressTest::selectFanInFanOut,
                        SchedulerStressTest::mutexCounter,
                        SchedulerStressTest::waitGroupTree,
                        SchedulerStressTest::chain);
                for (int i = 0; i < all.size(); i++) {
                    long start = System.nanoTime();
                    Runnable w = all.get(i);
                    withProcs(procs, w::run);
                    System.out.printf("weft: maxProcs %d, workload %d passed in %d ms%n", procs, i,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println(CHILD_OK);
        System.exit(0);
    }

    // ---- the workloads ------------------------------------------------------------------------

    /**
     * Eight producers send 4,000 distinct values each on one channel of {@code capacity}; eight
     * consumers range over it until a closer, which waits for the producers, closes it.
     */
    static void producersAndConsumers(int capacity) {
        int producers = 8;
        int perProducer = 4_000;
        int consumers = 8;
        int total = producers * perProducer;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicLong sum = new AtomicLong();
        AtomicInteger duplicates = new AtomicInteger();
        Go.run(() -> {
            Chan<Integer> ch = Chan.make(capacity);
            WaitGroup sending = new WaitGroup();
            WaitGroup receiving = new WaitGroup();
            sending.add(producers);
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                Go.go(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        ch.send(base + i);
                    }
                    sending.done();
                });
            }
            Go.go(() -> {
                sending.await();
                ch.close();
            });
            receiving.add(consumers);
            for (int c = 0; c < consumers; c++) {
                Go.go(() -> {
                    for (Integer v : ch) {
                        if (seen.incrementAndGet(v) != 1) {
                            duplicates.incrementAndGet();
                        }
                        sum.addAndGet(v);
                    }
                    receiving.done();
                });
            }
            receiving.await();
        });
        assertEachSeenOnce("capacity " + capacity, seen, duplicates.get());
        assertEquals((long) total * (total - 1) / 2, sum.get(), "sum of received values, capacity " + capacity);
    }

    /**
     * Four producers each own an unbuffered input (two send with plain {@code send}, two with a
     * select that has a default and retries after yielding); a merger selects over the open
     * inputs, dropping each as it closes, and forwards every value with a select over two
     * outputs, one per consumer.
     */
    static void selectFanInFanOut() {
        int inputs = 4;
        int perInput = 5_000;
        int total = inputs * perInput;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger defaultsTaken = new AtomicInteger();
        Go.run(() -> {
            List<Chan<Integer>> in = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                Chan<Integer> ch = Chan.make();
                in.add(ch);
                int base = i * perInput;
                boolean polling = i % 2 == 1;
                Go.go(() -> {
                    for (int v = base; v < base + perInput; v++) {
                        if (!polling) {
                            ch.send(v);
                            continue;
                        }
                        boolean[] sent = {false};
                        while (!sent[0]) {
                            Select.select(
                                    ch.onSend(v, () -> sent[0] = true),
                                    Select.onDefault(() -> {
                                        defaultsTaken.incrementAndGet();
                                        Go.yield();
                                    }));
                        }
                    }
                    ch.close();
                });
            }
            Chan<Integer> out1 = Chan.make();
            Chan<Integer> out2 = Chan.make(4);
            Go.go(() -> {
                List<Chan<Integer>> open = new ArrayList<>(in);
                while (!open.isEmpty()) {
                    Select.Case[] cases = new Select.Case[open.size()];
                    Chan<?>[] closed = {null};
                    Integer[] got = {null};
                    for (int i = 0; i < cases.length; i++) {
                        Chan<Integer> ch = open.get(i);
                        cases[i] = ch.onRecv(v -> {
                            if (v == null) {
                                closed[0] = ch;
                            } else {
                                got[0] = v;
                            }
                        });
                    }
                    Select.select(cases);
                    if (closed[0] != null) {
                        open.remove(closed[0]);
                        continue;
                    }
                    Select.select(out1.onSend(got[0], () -> { }), out2.onSend(got[0], () -> { }));
                }
                out1.close();
                out2.close();
            });
            WaitGroup consumers = new WaitGroup();
            consumers.add(2);
            for (Chan<Integer> out : List.of(out1, out2)) {
                Go.go(() -> {
                    for (Integer v : out) {
                        if (seen.incrementAndGet(v) != 1) {
                            duplicates.incrementAndGet();
                        }
                    }
                    consumers.done();
                });
            }
            consumers.await();
        });
        assertEachSeenOnce("select fan-in/fan-out", seen, duplicates.get());
    }

    /**
     * Sixteen goroutines add 2,000 each to a plain {@code long}, holding a {@link Mutex}; every
     * 50th time the holder yields inside, so the others queue on the mutex and park.
     */
    static void mutexCounter() {
        int goroutines = 16;
        int perGoroutine = 2_000;
        long[] count = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Go.run(() -> {
            Mutex mu = new Mutex();
            WaitGroup wg = new WaitGroup();
            wg.add(goroutines);
            for (int g = 0; g < goroutines; g++) {
                Go.go(() -> {
                    for (int i = 0; i < perGoroutine; i++) {
                        mu.lock();
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        count[0]++;
                        if (i % 50 == 0) {
                            Go.yield();
                        }
                        inside.decrementAndGet();
                        mu.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(0, overlaps.get(), "times a goroutine entered while another held the mutex");
        assertEquals((long) goroutines * perGoroutine, count[0], "increments counted under the mutex");
    }

    /**
     * A tree of goroutines, fan-out 6 and depth 5 (9,331 nodes), each adding itself to one
     * WaitGroup before it is started; eight other goroutines await the group and record how many
     * nodes had finished when they were released.
     */
    static void waitGroupTree() {
        int fanOut = 6;
        int depth = 5;
        int nodes = 0;
        for (int level = 0, width = 1; level <= depth; level++, width *= fanOut) {
            nodes += width;
        }
        int expected = nodes;
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger early = new AtomicInteger();
        Go.run(() -> {
            WaitGroup tree = new WaitGroup();
            WaitGroup awaiters = new WaitGroup();
            tree.add(1);
            awaiters.add(8);
            for (int i = 0; i < 8; i++) {
                Go.go(() -> {
                    tree.await();
                    if (finished.get() != expected) {
                        early.incrementAndGet();
                    }
                    awaiters.done();
                });
            }
            Go.go(() -> node(tree, finished, fanOut, depth));
            tree.await();
            awaiters.await();
        });
        assertEquals(expected, finished.get(), "tree nodes that finished");
        assertEquals(0, early.get(), "awaiters released before every node had finished");
    }

    @Suspendable
    private static void node(WaitGroup tree, AtomicInteger finished, int fanOut, int depth) {
        if (depth > 0) {
            for (int i = 0; i < fanOut; i++) {
                tree.add(1);
                Go.go(() -> node(tree, finished, fanOut, depth - 1));
            }
        }
        if (depth % 2 == 0) {
            Go.yield();
        }
        finished.incrementAndGet();
        tree.done();
    }

    /**
     * Go's "whispers": 10,000 goroutines in a line, each receiving from its left neighbour and
     * sending one more to its right; 20 tokens pass through the whole line.
     */
    static void chain() {
        int links = 10_000;
        int tokens = 20;
        List<Integer> results = Go.run(() -> {
            Chan<Integer> leftmost = Chan.make();
            Chan<Integer> left = leftmost;
            for (int i = 0; i < links; i++) {
                Chan<Integer> from = left;
                Chan<Integer> to = Chan.make();
                Go.go(() -> {
                    for (Integer v : from) {
                        to.send(v + 1);
                    }
                    to.close();
                });
                left = to;
            }
            Chan<Integer> rightmost = left;
            Go.go(() -> {
                for (int t = 0; t < tokens; t++) {
                    leftmost.send(t * 1_000_000);
                }
                leftmost.close();
            });
            List<Integer> got = new ArrayList<>();
            for (Integer v : rightmost) {
                got.add(v);
            }
            return got;
        });
        assertEquals(tokens, results.size(), "tokens out of the chain");
        for (int t = 0; t < tokens; t++) {
            assertEquals(t * 1_000_000 + links, results.get(t), "token " + t + " after " + links + " links, in order");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Runs {@code body} with {@code procs} processors, restoring the previous number after. */
    static void withProcs(int procs, Runnable body) {
        int previous = Go.maxProcs(procs);
        try {
            body.run();
        } finally {
            Go.maxProcs(previous);
        }
    }

    private static void assertEachSeenOnce(String what, AtomicIntegerArray seen, int duplicates) {
        assertEquals(0, duplicates, what + ": values received more than once");
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < seen.length(); i++) {
            if (seen.get(i) == 0 && missing.size() < 20) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            fail(what + ": values never received (first 20): " + missing);
        }
    }

    private static String tail(String s) {
        return s.length() <= 20_000 ? s : "...\n" + s.substring(s.length() - 20_000);
    }
}
