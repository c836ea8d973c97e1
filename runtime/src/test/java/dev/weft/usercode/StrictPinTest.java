package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.PinnedError;
import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * In strict mode a park that would pin throws {@link PinnedError} instead, and leaves nothing
 * held behind it: a sleep that throws so held its timer heap's lock, and every later timer of
 * that heap, and the scheduler with it, waited for good.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StrictPinTest {
    @Test
    void strictPins_inASleepAndAReceive_throw_andTheSchedulerGoesOn() {
        SystemProperty.with("weft.strict", "true", () -> {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Chan<Integer> never = Chan.make();
                assertThrows(PinnedError.class, () -> Go.run(() -> {
                    sleepWithoutSuspendable(Duration.ofMillis(50));
                    return null;
                }));
                assertThrows(PinnedError.class, () -> Go.run(() -> receiveWithoutSuspendable(never)));
                // The abandoned sleep's timer fires meanwhile; sleeps on every P's heap, taken
                // by every carrier, go on.
                int n = 200;
                int got = Go.run(() -> {
                    Chan<Integer> c = Chan.make(n);
                    for (int i = 0; i < n; i++) {
                        Go.go(() -> {
                            for (int k = 0; k < 10; k++) {
                                Go.sleep(Duration.ofMillis(1));
                            }
                            c.send(1);
                        });
                    }
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += c.recv();
                    }
                    return sum;
                });
                assertEquals(n, got);
            });
            return null;
        });
    }

    /** Not @Suspendable: the sleep below it pins. */
    private static void sleepWithoutSuspendable(Duration d) {
        Go.sleep(d);
    }

    /** Not @Suspendable: the receive below it pins. */
    private static Integer receiveWithoutSuspendable(Chan<Integer> c) {
        return c.recv();
    }
}
