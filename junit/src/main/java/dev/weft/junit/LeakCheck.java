package dev.weft.junit;

import dev.weft.internal.sched.Goroutines;
import dev.weft.internal.sched.Goroutines.Goroutine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One check for leaked goroutines, around a test or a test class: {@link #begin} notes the
 * highest goroutine id alive, {@link #end} waits for the goroutines started since to end and
 * fails with the dump entry of each one still alive. Goroutine ids only grow, so "started during
 * the check" is "id above the highest seen at its beginning".
 *
 * <p>Each check of a class shares one set of goroutines already blamed: a goroutine a test was
 * failed for is not reported again by a later check of that class (nor by the class's own), so
 * one leak fails one test.
 */
final class LeakCheck {
    /** The longest pause between two polls of the grace period; the first is a millisecond. */
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Settings settings;
    private final long startedAfter;
    private final Set<Long> blamed;

    private LeakCheck(Settings settings, long startedAfter, Set<Long> blamed) {
        this.settings = settings;
        this.startedAfter = startedAfter;
        this.blamed = blamed;
    }

    /**
     * Begins a check: from now on goroutines are started with their creation sites recorded,
     * until {@link #end}. {@code blamed} is the set the checks of one class share.
     */
    static LeakCheck begin(Settings settings, Set<Long> blamed) {
        CreationSites.acquire();
        long highest = 0; // ids start at 1
        if (settings.ignoreCurrent()) {
            for (Goroutine g : Goroutines.all()) {
                highest = Math.max(highest, g.id());
            }
        }
        return new LeakCheck(settings, highest, blamed);
    }

    /**
     * Ends the check: polls, with backoff, until no goroutine counts as leaked or the grace
     * period has passed, then fails naming each one left. {@code what} names what was checked
     * ({@code com.acme.FooTest.bar()}).
     */
    void end(String what) throws InterruptedException {
        List<Goroutine> leaked;
        try {
            long deadline = System.nanoTime() + settings.grace().toNanos();
            long pause = TimeUnit.MILLISECONDS.toNanos(1);
            leaked = leaked();
            for (long left = deadline - System.nanoTime(); !leaked.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
                pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
                leaked = leaked();
            }
        } finally {
            CreationSites.release();
        }
        if (!leaked.isEmpty()) {
            for (Goroutine g : leaked) {
                blamed.add(g.id());
            }
            fail(message(what, leaked));
        }
    }

    private List<Goroutine> leaked() {
        List<Goroutine> out = new ArrayList<>();
        for (Goroutine g : Goroutines.all()) {
            if (g.id() > startedAfter && !blamed.contains(g.id()) && !settings.ignores(g)) {
                out.add(g);
            }
        }
        return out;
    }

    private String message(String what, List<Goroutine> leaked) {
        StringBuilder b = new StringBuilder("found unexpected goroutines after ").append(what).append(": ")
                .append(leaked.size()).append(" still alive after a grace period of ").append(settings.grace().toMillis())
                .append(" ms (to tolerate a long-lived one, name it in ignoreTopFunction or ignoreAnyFunction)\n");
        for (Goroutine g : leaked) {
            b.append('\n').append(g.dump());
        }
        return b.toString();
    }
}
