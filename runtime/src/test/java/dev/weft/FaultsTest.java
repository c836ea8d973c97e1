package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the runtime survives, and what it leaves behind when a goroutine does something
 * unusual: an exception's stack, a goroutine's interrupt status, an {@code OutOfMemoryError}
 * (in a JVM of its own, {@link OutOfMemoryScenarios}).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultsTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    // ---- the exceptions Go.run throws carry its caller's stack ---------------------------

    @Test
    void deadlockException_hasTheStackOfTheGoRunThatThrewIt() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Go.run(() -> Chan.make().recv()));
        assertCallersStack(e);
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!\n\ngoroutine "), e.getMessage());
    }

    @Test
    void goroutinePanicException_hasTheStackOfTheGoRunThatThrewIt_andTheGoroutinesFailureAsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        GoroutinePanicException e = assertThrows(GoroutinePanicException.class, () -> quietly(() -> Go.run(() -> {
            Go.go(() -> {
                throw boom;
            });
            Chan.make().recv();
        })));
        assertCallersStack(e);
        assertSame(boom, e.getCause());
    }

    private static void assertCallersStack(Throwable e) {
        List<String> classes = Arrays.stream(e.getStackTrace()).map(StackTraceElement::getClassName).toList();
        assertTrue(classes.stream().anyMatch(c -> c.startsWith(FaultsTest.class.getName())),
                "the stack trace does not reach the test that called Go.run: " + classes);
        assertFalse(classes.contains("dev.weft.internal.sched.M"), "the stack trace is a carrier's: " + classes);
    }

    // ---- a goroutine's interrupt status is its own ---------------------------------------

    @Test
    void interrupt_setByAGoroutine_doesNotLeakToLaterGoroutines() {
        AtomicInteger sawInterrupt = new AtomicInteger();
        AtomicInteger sleepThrew = new AtomicInteger();
        Go.run(() -> {
            for (int round = 0; round < 20; round++) {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(() -> {
                    // The common idiom: restore the flag after catching InterruptedException.
                    Thread.currentThread().interrupt();
                    wg.done();
                });
                wg.await();
                WaitGroup later = new WaitGroup();
                for (int i = 0; i < 2 * Go.maxProcs(); i++) {
                    later.add(1);
                    Go.go(() -> {
                        try {
                            if (Thread.currentThread().isInterrupted()) {
                                sawInterrupt.incrementAndGet();
                            }
                            Thread.sleep(0, 1000);
                        } catch (InterruptedException e) {
                            sleepThrew.incrementAndGet();
                        } finally {
                            later.done();
                        }
                    });
                }
                later.await();
            }
        });
        assertEquals(0, sawInterrupt.get(), "goroutines found another goroutine's interrupt status set");
        assertEquals(0, sleepThrew.get(), "an unrelated Thread.sleep threw InterruptedException");
    }

    @Test
    void interrupt_followsItsGoroutineAcrossAPark() {
        boolean[] kept = new boolean[1];
        Go.run(() -> {
            Chan<Integer> ch = Chan.make();
            Chan<Boolean> result = Chan.make(1);
            Go.go(() -> {
                Thread.currentThread().interrupt();
                ch.recv(); // parks: the goroutine may resume on another carrier
                result.send(Thread.interrupted());
            });
            Dumps.awaitParked("chan receive", FaultsTest.class, 1);
            for (int i = 0; i < 4 * Go.maxProcs(); i++) {
                Go.yield(); // let the carriers run something else meanwhile
            }
            ch.send(1);
            kept[0] = result.recv();
        });
        assertTrue(kept[0], "the goroutine's own interrupt status was lost across its park");
    }

    @Test
    void interrupt_leftOnACarrier_doesNotMakeItSpinWhileIdle() throws Exception {
        Go.run(() -> {
            for (int i = 0; i < 4 * Go.maxProcs(); i++) {
                Go.go(() -> Thread.currentThread().interrupt());
            }
        });
        long cpu = carrierCpuNanosDuring(Duration.ofSeconds(1));
        assertTrue(cpu < 200_000_000L, "idle carriers used " + cpu / 1_000_000 + " ms of CPU in 1 s: one spins");
    }

    /** CPU time all weft carrier threads use while this thread sleeps for {@code d}. */
    private static long carrierCpuNanosDuring(Duration d) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = new java.util.HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("weft-carrier-")) {
                before.put(t.getThreadId(), mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        Thread.sleep(d.toMillis());
        long used = 0;
        for (Map.Entry<Long, Long> e : before.entrySet()) {
            long now = mx.getThreadCpuTime(e.getKey());
            if (now >= 0 && e.getValue() >= 0) {
                used += now - e.getValue();
            }
        }
        return used;
    }

    // ---- out of memory -------------------------------------------------------------------

    @Test
    void outOfMemory_inOneGoroutine_failsItsRun_andTheRuntimeGoesOn() {
        String out = ForkedJvm.run(OutOfMemoryScenarios.class, List.of("-Xmx64m"), Map.of(), 90, "one");
        assertTrue(out.contains("run failed with GoroutinePanicException(java.lang.OutOfMemoryError"), out);
        assertTrue(out.contains("afterwards: 1000 round trips"), out);
    }

    @Test
    void outOfMemory_inManyGoroutinesAtOnce_losesNoGoroutine_andTheRuntimeGoesOn() {
        String out = ForkedJvm.run(OutOfMemoryScenarios.class, List.of("-Xmx64m"), Map.of(), 90, "storm");
        // A leaker's panic fails the run, unless the main goroutine's own park met the full heap first.
        assertTrue(out.contains("run failed with GoroutinePanicException(java.lang.OutOfMemoryError")
                || out.contains("run failed with its main goroutine's java.lang.OutOfMemoryError"), out);
        assertTrue(out.contains("every goroutine ended"), out);
        assertTrue(out.contains("afterwards: 1000 round trips"), out);
    }

    /** Runs {@code body} with stderr discarded: the panic reports of tests that expect panics. */
    private static void quietly(Runnable body) {
        PrintStream old = System.err;
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
    }

}
