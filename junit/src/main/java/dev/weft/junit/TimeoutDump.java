package dev.weft.junit;

import dev.weft.internal.sched.Goroutines;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The goroutine dump of a test that timed out, printed on {@code System.err} before JUnit
 * reports the failure, as kotlinx's {@code CoroutinesTimeout} does for coroutines: what each
 * goroutine waits for usually says what the test waited for.
 *
 * <p>A failure is a timeout when it, or one of its causes, is a {@link TimeoutException} (what
 * JUnit's {@code @Timeout} throws, in either thread mode) or the cause JUnit gives the failure of
 * {@code assertTimeoutPreemptively}, which carries the stack of the thread it gave up on.
 */
final class TimeoutDump {
    private static final String PREEMPTIVE_TIMEOUT = "org.junit.jupiter.api.AssertTimeoutPreemptively$ExecutionTimeoutException";

    private TimeoutDump() {}

    /** Prints the dump if {@code failure} is a timeout of {@code what} ({@code com.acme.FooTest.bar()}). */
    static void printIfTimeout(String what, Throwable failure) {
        if (!isTimeout(failure)) {
            return;
        }
        String dump = Goroutines.dump();
        System.err.println(dump.isEmpty()
                ? "weft: " + what + " timed out; no goroutine is alive"
                : "weft: " + what + " timed out; the goroutines:\n\n" + dump.stripTrailing());
    }

    private static boolean isTimeout(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getName().equals(PREEMPTIVE_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }
}
