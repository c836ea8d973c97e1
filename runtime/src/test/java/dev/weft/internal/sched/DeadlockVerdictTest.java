package dev.weft.internal.sched;

import dev.weft.DeadlockException;
import dev.weft.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deadlock check against a run that starts while it looks: a verdict covers the runs whose
 * mains it saw asleep while nothing changed, never one that started after its first look. The
 * check is made to pause at that point ({@link DeadlockDetector#afterFirstLook}) while a new
 * run's main goes to sleep on a timer, the interleaving a descheduled checker meets by chance.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlockVerdictTest {

    @Test
    void checkDead_aRunStartedAfterItsFirstLook_isNotDeclaredDeadlocked() throws Exception {
        Scheduler sched = Scheduler.get();
        Run present = new Run(); // no main: never judged, but the check looks only while some run exists
        FutureTask<Void> sleeper = new FutureTask<>(() -> {
            Run.run(() -> {
                Go.sleep(Duration.ofMillis(300));
                return null;
            });
            return null;
        });
        AtomicBoolean looked = new AtomicBoolean();
        sched.deadlock.afterFirstLook = () -> {
            if (looked.compareAndSet(false, true)) {
                Thread t = new Thread(sleeper, "sleeper-run");
                t.setDaemon(true);
                t.start();
                awaitMainAsleep(sched, present, sleeper);
            }
        };
        sched.runs.add(present);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!looked.get()) {
                if (System.nanoTime() > deadline) {
                    fail("no deadlock check found every goroutine asleep within 10 s:\n" + sched.dump());
                }
                sched.deadlock.checkDead();
                Thread.sleep(1); // an earlier test's plain thread may still be in its grace period
            }
        } finally {
            sched.deadlock.afterFirstLook = null;
            sched.runs.remove(present);
        }
        try {
            sleeper.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertFalse(e.getCause() instanceof DeadlockException, "declared deadlocked while its main slept on a timer");
            throw e;
        }
    }

    private static String outcome(FutureTask<Void> task) {
        try {
            task.get();
            return "it returned";
        } catch (ExecutionException e) {
            return "it threw " + e.getCause();
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    /** Until the main of a run other than {@code present} is parked (asleep on its timer). */
    private static void awaitMainAsleep(Scheduler sched, Run present, FutureTask<Void> sleeper) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (Run r : sched.runs) {
                G main = r.main;
                if (r != present && main != null && main.state() == G.WAITING) {
                    return;
                }
            }
            if (sleeper.isDone()) {
                throw new AssertionError("the new run ended before its main went to sleep: " + outcome(sleeper));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the new run's main never went to sleep:\n" + sched.dump());
            }
            Thread.onSpinWait();
        }
    }
}
