package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.testing.MaxProcs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A timer must fire while the only processor's carrier is stuck in code that never yields (a
 * method that was not rewritten has no preemption check): the monitor retakes a processor whose
 * timer is due, as it does one whose run queue has work, so the sleeper runs on another carrier.
 * Nothing else waits here, so only the due timer can tell the monitor to act.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimerBehindBusyCarrierTest {
    private static final long SPIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static volatile boolean stop;

    @RegisterExtension
    final MaxProcs procs = new MaxProcs(1);

    @BeforeEach
    void notStopped() {
        stop = false;
    }

    @AfterEach
    void stopTheSpinners() {
        stop = true; // before the extension restores the processors
    }

    @Test
    void sleep_whileTheOnlyCarrierSpinsInUnrewrittenCode_wakesAndStopsTheSpinner() {
        boolean stoppedBySleeper = Go.run(() -> {
            Chan<Boolean> result = Chan.make(1);
            Go.go(() -> result.send(spinUntilStopped()));
            Go.sleep(Duration.ofMillis(10));
            stop = true; // reached only once the sleep's timer fired
            return result.recv();
        });
        assertTrue(stoppedBySleeper, "the spinner ran into its limit: the sleeper's timer did not fire behind it");
    }

    /** Not @Suspendable, so not rewritten: its loop has no preemption check. True if stopped, false at the limit. */
    private static boolean spinUntilStopped() {
        long end = System.nanoTime() + SPIN_LIMIT_NANOS;
        while (!stop) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }
}
