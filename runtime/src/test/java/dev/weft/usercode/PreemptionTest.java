package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.testing.MaxProcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Cooperative preemption with one processor: a goroutine that spins in a plain loop, calling
 * nothing that parks, must not keep the others off the CPU. The monitor asks a goroutine that
 * has run 10 ms to yield, and the instrumenter put a check of that request at the loop's
 * back-edge (the loop is in a rewritten method: the spinner below is {@code @Suspendable}).
 *
 * <p>The monitor has a second remedy, retaking the processor of a carrier that still runs after
 * 20 ms and handing it to a spare carrier; that alone would also let the others run, with the
 * spinner still on its own carrier beyond {@code maxProcs}. So one test checks the outcome (the
 * spinner is stopped by another goroutine) and the other the mechanism (the spinner is seen
 * off the CPU, queued as runnable, while another goroutine runs on the only processor).
 *
 * <p>Every spin is bounded by a deadline, so a broken runtime fails these tests instead of
 * leaving a goroutine spinning on the processor the rest of the suite needs.
 *
 * <p>The package stands for application code: weft puts no preemption checks in its own runtime
 * ({@code dev.weft} and {@code dev.weft.internal}, whose loops may hold a channel's lock), so
 * a spinner written there would not be preemptible.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PreemptionTest {
    private static final long SPIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @RegisterExtension
    final MaxProcs procs = new MaxProcs(1);

    @Test
    void spinningGoroutine_withMaxProcs1_doesNotStarveTheGoroutineThatStopsIt() {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong spins = new AtomicLong();
        boolean stoppedByFlag = Go.run(() -> {
            Chan<Boolean> spinning = Chan.make(1);
            Chan<Boolean> result = Chan.make(1);
            Go.go(() -> {
                spinning.send(true);
                result.send(spinUntil(stop, spins));
            });
            spinning.recv(); // the spinner is in its loop (or about to be): only preemption lets us go on
            Go.go(() -> stop.set(true));
            return result.recv();
        });
        assertTrue(stoppedByFlag, "the spinner ran into its 20 s limit: the goroutine that sets its flag never ran");
        assertTrue(spins.get() > 0, "the spinner never spun");
    }

    @Test
    void spinningGoroutine_withMaxProcs1_yieldsAtItsLoopBackEdge_andWaitsRunnableWhileOthersRun() {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong spins = new AtomicLong();
        AtomicReference<String> seen = new AtomicReference<>();
        Go.run(() -> {
            Chan<Boolean> spinning = Chan.make(1);
            Chan<Boolean> result = Chan.make(1);
            Go.go(() -> {
                spinning.send(true);
                result.send(spinUntil(stop, spins));
            });
            spinning.recv();
            // This goroutine runs again only once the spinner gave up the processor. If it
            // yielded, it waits in the run queue now. If instead the monitor handed the
            // processor to a spare carrier, the spinner is still running on its own; it may
            // then notice the yield request late, so look a few times before deciding.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String spinner;
            while ((spinner = spinnerInDump()) != null && spinner.startsWith("[running")
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            seen.set(spinner);
            stop.set(true);
            if (!result.recv()) {
                fail("the spinner ran into its 20 s limit");
            }
        });
        String spinner = seen.get();
        assertTrue(spinner != null, "the spinning goroutine is missing from the dump");
        assertTrue(spinner.startsWith("[runnable") || spinner.startsWith("[preempted"),
                "while another goroutine ran on the only processor, the spinner was " + spinner
                        + " instead of waiting its turn in the run queue: it did not yield at its loop back-edge");
        assertTrue(spins.get() > 0, "the spinner never spun");
    }

    @Test
    void twoSpinners_withMaxProcs1_eachRunsUntilItSeesTheOthersProgress() {
        AtomicLong a = new AtomicLong();
        AtomicLong b = new AtomicLong();
        int bothSawProgress = Go.run(() -> {
            Chan<Boolean> results = Chan.make(2);
            Go.go(() -> results.send(spinUntilOtherSpun(a, b)));
            Go.go(() -> results.send(spinUntilOtherSpun(b, a)));
            int ok = 0;
            for (int i = 0; i < 2; i++) {
                if (results.recv()) {
                    ok++;
                }
            }
            return ok;
        });
        assertEquals(2, bothSawProgress, "a spinner hit its 20 s limit without seeing the other one spin");
    }

    /**
     * Spins in a loop that calls nothing suspendable, counting, until {@code stop} is set or the
     * time limit passes: true if stopped by the flag. Suspendable so that it is rewritten and
     * its back-edge carries the preemption check.
     */
    @Suspendable
    static boolean spinUntil(AtomicBoolean stop, AtomicLong spins) {
        long limit = System.nanoTime() + SPIN_LIMIT_NANOS;
        while (!stop.get()) {
            spins.incrementAndGet();
            if (System.nanoTime() - limit > 0) {
                return false;
            }
        }
        return true;
    }

    /** Counts {@code mine} until {@code theirs} has counted a million: true if it did in time. */
    @Suspendable
    static boolean spinUntilOtherSpun(AtomicLong mine, AtomicLong theirs) {
        long limit = System.nanoTime() + SPIN_LIMIT_NANOS;
        while (theirs.get() < 1_000_000) {
            mine.incrementAndGet();
            if (System.nanoTime() - limit > 0) {
                return false;
            }
        }
        // Keep counting a little, so the other one can also reach a million and finish.
        for (long until = mine.get() + 1_000_000; mine.get() < until; ) {
            mine.incrementAndGet();
        }
        return true;
    }

    /** The header state of the goroutine running {@link #spinUntil}, e.g. "[runnable]:", or null. */
    private static String spinnerInDump() {
        for (String g : Go.dump().split("\n\n")) {
            if (g.contains("spinUntil(")) {
                int open = g.indexOf('[');
                return open < 0 ? g : g.substring(open, g.indexOf('\n'));
            }
        }
        return null;
    }
}
