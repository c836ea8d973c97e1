package dev.weft.internal.race;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Race mode's exit sets its status only after the other shutdown hooks (a flight recording's
 * dump among them) have finished, including a hook the JDK has not started yet when it looks.
 */
class ReportsExitTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aHookNotStartedYet_isWaitedFor_notTakenForFinished() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        Thread hook = new Thread(() -> finished.set(true), "a later hook");
        Thread starter = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            hook.start();
        });
        starter.start();
        Reports.awaitHooks(new Object[] {hook}, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        assertTrue(finished.get(), "the exit went on before the hook ran");
        starter.join();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aHookThatNeverStarts_isWaitedForOnlyUntilTheDeadline() {
        Thread never = new Thread(() -> {});
        long start = System.nanoTime();
        Reports.awaitHooks(new Object[] {never, Thread.currentThread()}, start + TimeUnit.MILLISECONDS.toNanos(100));
        assertFalse(never.isAlive());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "waited past the deadline");
    }
}
