package dev.weft;

import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.Waiter;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.StressOptions;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How weft's {@code *LincheckTest}s run Lincheck: stress mode, small and bounded.
 *
 * <p><b>Why stress mode, not model checking.</b> Lincheck's model checker instruments the code
 * under test and takes over every thread switch, so it can only explore threads it started.
 * weft's operations hand work to threads Lincheck does not control: a send wakes a receiver by
 * readying a goroutine that runs on a {@code weft-carrier-N} thread, a close wakes parked
 * goroutines, and the {@code weft-monitor} thread runs on its own. Tried with Lincheck 3.6: on
 * the buffered checks, whose operations wake no goroutine, it works but manages about 15 runs
 * of a scenario a second (600 took 40 s, against 10,000 in 2 s here); with goroutines parked
 * before the scenario, 100 runs did not finish in 150 s. Stress mode runs the scenario on real
 * threads, many times, with random spin delays between operations; it finds fewer interleavings
 * but never misreports one. Parking from goroutines is exercised by
 * {@code dev.weft.usercode.SchedulerStressTest}; parking from plain threads ({@code lock},
 * {@code await}) is checked here only in scenarios built so that every wait ends.
 *
 * <p><b>Budget.</b> Three threads of three operations, with a couple before and after, is the
 * shape kotlinx.coroutines uses for its channel tests; {@link #ITERATIONS} scenarios of
 * {@link #INVOCATIONS} runs each keep every check to a few seconds on two cores. Raise them with
 * {@code -Dweft.lincheck.iterations} and {@code -Dweft.lincheck.invocations} for a soak.
 */
final class LincheckSupport {
    static final int ITERATIONS = Integer.getInteger("weft.lincheck.iterations", 20);
    static final int INVOCATIONS = Integer.getInteger("weft.lincheck.invocations", 500);

    private LincheckSupport() {}

    /** Checks {@code test}'s operations are linearizable with respect to {@code model}. */
    static void stress(Class<?> test, Class<?> model) {
        options(model).check(test);
    }

    /** As {@link #stress(Class, Class)}, with fewer runs of each scenario for costly setups. */
    static void stress(Class<?> test, Class<?> model, int invocations) {
        options(model).invocationsPerIteration(invocations).check(test);
    }

    /**
     * Checks only the hand-written {@code scenarios}, each {@code invocations} times, and no
     * random ones. They are not minimized on failure: a smaller scenario may no longer be one
     * that always terminates.
     */
    static void stressScenarios(Class<?> test, Class<?> model, int invocations, ExecutionScenario... scenarios) {
        StressOptions o = options(model).iterations(0).invocationsPerIteration(invocations).minimizeFailedScenario(false);
        for (ExecutionScenario s : scenarios) {
            o.addCustomScenario(s);
        }
        o.check(test);
    }

    /** A scenario: {@code init} and {@code post} run alone, each list of {@code threads} in its own thread. */
    static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> threads, List<Actor> post) {
        return new ExecutionScenario(init, threads, post, null);
    }

    /** A call of {@code test}'s public method {@code name} (the only one of that name) with {@code args}. */
    static Actor op(Class<?> test, String name, Object... args) {
        Method found = null;
        for (Method m : test.getMethods()) {
            if (m.getName().equals(name)) {
                if (found != null) {
                    throw new IllegalArgumentException(test.getSimpleName() + " has two methods named " + name);
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(test.getSimpleName() + " has no method " + name);
        }
        return new Actor(found, Arrays.asList(args));
    }

    static StressOptions options(Class<?> model) {
        return new StressOptions()
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model);
    }

    /**
     * Waits until {@code queue} holds at least {@code n} waiters, reading it under {@code lock}
     * (the lock of the channel or mutex that owns it). A goroutine parks holding that lock and
     * its carrier releases it only once the goroutine is off the carrier, so a waiter counted
     * here is parked for good: from then on it is the scenario's partner, not a race with it.
     *
     * @throws AssertionError if the waiters do not all arrive within 10 s
     */
    static void awaitQueued(ReentrantLock lock, WaitQueue queue, int n) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            int queued = 0;
            lock.lock();
            try {
                for (Waiter w = queue.peek(); w != null; w = w.next) {
                    queued++;
                }
            } finally {
                lock.unlock();
            }
            if (queued >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("setup: " + queued + " of " + n + " goroutines parked after 10 s\n" + Go.dump());
            }
            Thread.yield();
        }
    }
}
