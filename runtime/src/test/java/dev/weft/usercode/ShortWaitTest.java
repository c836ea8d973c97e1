package dev.weft.usercode;

import dev.weft.Go;
import dev.weft.WaitGroup;
import dev.weft.internal.sched.Scheduler;
import dev.weft.internal.sched.ShortWaits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A carrier waiting on a lock that weft's own code holds only briefly (the netpoller's selector
 * locks, marked with {@link ShortWaits}) keeps its P: a spare carrier would wait for the same
 * lock. The monitor took every such wait it happened to see for blocking code, and under an
 * echo load started carriers by the hundred a second. The same wait unmarked is a JDK block
 * like any other, and its P is handed off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShortWaitTest {
    private static final Duration HELD = Duration.ofMillis(100);

    @Test
    void aMarkedWait_keepsItsProcessor() throws Exception {
        assertEquals(0, retakesWhileBlocked(true), "Ps retaken from a carrier in a short wait");
    }

    @Test
    void theSameWaitUnmarked_losesItsProcessor() throws Exception {
        assertTrue(retakesWhileBlocked(false) >= 1, "no P retaken from a carrier blocked for " + HELD);
    }

    /**
     * A goroutine, with goroutines queued behind it, enters a monitor a plain thread holds for
     * {@link #HELD}; answers how many Ps the monitor retook meanwhile.
     */
    private static long retakesWhileBlocked(boolean marked) throws Exception {
        Object lock = new Object();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (lock) {
                held.countDown();
                await(release);
            }
        }, "lock-holder");
        holder.setDaemon(true);
        holder.start();
        held.await();
        long before = Scheduler.get().retakes();
        long[] during = new long[1];
        Go.run(() -> {
            WaitGroup behind = new WaitGroup();
            behind.add(4);
            Go.go(() -> {
                for (int i = 0; i < 4; i++) {
                    Go.go(behind::done); // queued on this P, behind the wait below
                }
                Object mark = marked ? ShortWaits.begin() : null;
                synchronized (lock) {
                    ShortWaits.end(mark);
                }
            });
            Go.sleep(HELD);
            during[0] = Scheduler.get().retakes() - before;
            release.countDown();
            behind.await();
            return null;
        });
        holder.join(10_000);
        return during[0];
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
