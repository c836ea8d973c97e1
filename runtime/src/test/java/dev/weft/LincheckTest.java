package dev.weft;

import dev.weft.ChanModel.Setup;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.Waiter;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Linearizability of channels, {@link Mutex} and {@link WaitGroup}, as one table: each row of
 * {@link #checks} names a guarantee and the Lincheck run that checks it. The operations and
 * sequential models are {@link ChanOperations} and {@link ChanModel} (a channel in the state a
 * row's {@link Setup} gives), {@link MutexOperations} and {@link WaitGroupOperations}; all the
 * scaffolding is here.
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
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LincheckTest {
    static final int ITERATIONS = Integer.getInteger("weft.lincheck.iterations", 20);
    static final int INVOCATIONS = Integer.getInteger("weft.lincheck.invocations", 500);

    /** One guarantee and the run that checks it. */
    record Check(String guarantee, Runnable run) {
        @Override
        public String toString() {
            return guarantee;
        }
    }

    static Stream<Check> checks() {
        return Stream.of(
                // An unbuffered channel alone can only refuse trySend and tryRecv; parked partners
                // make them succeed: each takes (or gives) exactly one value, in arrival order.
                chan("unbuffered, two parked receivers: trySend meets each once, then finds no receiver",
                        new Setup(0, 0, 2, 0), INVOCATIONS / 2),
                chan("unbuffered, two parked senders: tryRecv takes their values in order, then finds none",
                        new Setup(0, 0, 0, 2), INVOCATIONS / 2),
                // Capacity 1 and 2 cross the full and empty boundaries and the ring's wrap-around;
                // parked partners add the paths that bypass or refill the buffer.
                chan("capacity 1: try operations and close are linearizable", new Setup(1, 0, 0, 0), INVOCATIONS),
                chan("capacity 2: try operations and close are linearizable", new Setup(2, 0, 0, 0), INVOCATIONS),
                chan("capacity 2, two parked receivers: sends skip the buffer until they are served",
                        new Setup(2, 0, 2, 0), INVOCATIONS / 2),
                chan("capacity 1, full, two parked senders: receives refill the buffer in FIFO order",
                        new Setup(1, 1, 0, 2), INVOCATIONS / 4),
                // close racing everything, in hand-written scenarios the random ones rarely line
                // up: one of two closes wins, buffered values stay receivable, a parked partner
                // completes before the close or fails, no send succeeds after it.
                chanScenarios("close racing receives from a full buffer with a parked sender: buffered values stay, the sender delivers or fails",
                        new Setup(2, 2, 0, 1),
                        scenario(List.of(),
                                List.of(List.of(op("close")),
                                        List.of(op("tryRecv"), op("tryRecv"), op("tryRecv")),
                                        List.of(op("trySend", 1), op("isClosed"))),
                                List.of(op("tryRecv"), op("tryRecv"), op("len"))),
                        scenario(List.of(),
                                List.of(List.of(op("tryRecv"), op("close")),
                                        List.of(op("tryRecv"), op("trySend", 2)),
                                        List.of(op("close"), op("tryRecv"))),
                                List.of(op("tryRecv"), op("tryRecv")))),
                chanScenarios("close racing sends to parked receivers: each receiver gets one value or nothing, one close wins",
                        new Setup(0, 0, 2, 0),
                        scenario(List.of(),
                                List.of(List.of(op("close")),
                                        List.of(op("trySend", 1), op("trySend", 2)),
                                        List.of(op("trySend", 3), op("close"))),
                                List.of(op("isClosed"), op("trySend", 4)))),
                chanScenarios("close racing receives from parked senders: each sender delivers once or fails",
                        new Setup(0, 0, 0, 2),
                        scenario(List.of(),
                                List.of(List.of(op("close")),
                                        List.of(op("tryRecv"), op("tryRecv")),
                                        List.of(op("tryRecv"), op("isClosed"))),
                                List.of(op("tryRecv")))),
                random("Mutex: tryLock and unlock are linearizable",
                        MutexOperations.TryLockOps.class, MutexOperations.Model.class, INVOCATIONS),
                alwaysFinishing("Mutex: lock, tryLock and unlock, in scenarios that always finish, are linearizable",
                        MutexOperations.LockOps.class, MutexOperations.Model.class,
                        MutexOperations.BalancedScenarios.class, INVOCATIONS / 2),
                random("Mutex: a counter guarded by lock or tryLock never loses nor repeats an increment",
                        MutexOperations.GuardedCounter.class, MutexOperations.CounterModel.class, INVOCATIONS),
                random("WaitGroup: add and done are linearizable and refuse to go negative",
                        WaitGroupOperations.Counter.class, WaitGroupOperations.Model.class, INVOCATIONS),
                alwaysFinishing("WaitGroup: await, in scenarios that always finish, returns only at a zero counter",
                        WaitGroupOperations.Awaiting.class, WaitGroupOperations.Model.class,
                        WaitGroupOperations.BalancedScenarios.class, INVOCATIONS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void isLinearizable(Check check) {
        check.run().run();
    }

    // ---- the kinds of row ----------------------------------------------------------------

    /** Random scenarios of {@code test}'s operations. */
    private static Check random(String guarantee, Class<?> test, Class<?> model, int invocations) {
        return new Check(guarantee, () -> options(model).invocationsPerIteration(invocations).check(test));
    }

    /**
     * Scenarios from {@code generator} only, which builds them so that every blocking call
     * returns; not minimized on failure, since a smaller scenario may no longer be one.
     */
    private static Check alwaysFinishing(String guarantee, Class<?> test, Class<?> model,
                                         Class<? extends ExecutionGenerator> generator, int invocations) {
        return new Check(guarantee, () -> options(model)
                .executionGenerator(generator)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(false)
                .check(test));
    }

    /** Random scenarios of a channel's operations that never park, from {@code setup}. */
    private static Check chan(String guarantee, Setup setup, int invocations) {
        return withChannel(guarantee, setup, () -> options(ChanModel.class).invocationsPerIteration(invocations));
    }

    /**
     * Only the hand-written {@code scenarios}, each many times, from {@code setup}; not
     * minimized on failure: a smaller scenario may no longer be one that always terminates.
     */
    private static Check chanScenarios(String guarantee, Setup setup, ExecutionScenario... scenarios) {
        return withChannel(guarantee, setup, () -> {
            StressOptions o = options(ChanModel.class).iterations(0)
                    .invocationsPerIteration(INVOCATIONS * 2)
                    .minimizeFailedScenario(false);
            for (ExecutionScenario s : scenarios) {
                o.addCustomScenario(s);
            }
            return o;
        });
    }

    private static Check withChannel(String guarantee, Setup setup, Supplier<StressOptions> options) {
        return new Check(guarantee, () -> {
            ChanModel.current = setup;
            try {
                options.get().check(ChanOperations.class);
            } finally {
                ChanModel.current = null;
            }
        });
    }

    private static StressOptions options(Class<?> model) {
        return new StressOptions()
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model);
    }

    // ---- scenarios -------------------------------------------------------------------------

    /** A scenario: {@code init} and {@code post} run alone, each list of {@code threads} in its own thread. */
    static ExecutionScenario scenario(List<Actor> init, List<List<Actor>> threads, List<Actor> post) {
        return new ExecutionScenario(init, threads, post, null);
    }

    /** A call of a channel operation. */
    private static Actor op(String name, Object... args) {
        return op(ChanOperations.class, name, args);
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

    /**
     * Waits until {@code queue} holds at least {@code n} waiters, reading it under {@code lock}
     * (the lock of the channel or mutex that owns it). A goroutine parks holding that lock and
     * its carrier releases it only once the goroutine is off the carrier, so a waiter counted
     * here is parked for good: from then on it is the scenario's partner, not a race with it.
     *
     * @throws AssertionError if the waiters do not all arrive within 10 s
     */
    static void awaitQueued(Lock lock, WaitQueue queue, int n) {
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
