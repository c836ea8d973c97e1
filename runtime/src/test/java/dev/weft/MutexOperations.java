package dev.weft;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.CTestStructure;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CTestConfiguration;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.RandomProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What {@link LincheckTest} checks of {@link Mutex} from plain threads, against a boolean:
 * {@code tryLock} takes it if free, {@code unlock} frees it (any thread may, as in Go) or fails
 * with {@code IllegalStateException} if it is free, and {@code lock} takes it, waiting while it
 * is held.
 *
 * <p>{@code lock} blocks the calling thread, which Lincheck cannot model: a scenario whose last
 * holder never unlocks would hang. So the checks that use it run scenarios built to always
 * finish: every {@code lock} and {@code tryLock} is followed, in its thread, by an
 * {@code unlock} (see {@link BalancedScenarios} for why that suffices, stray unlocks after a
 * failed {@code tryLock} included). The model answers "would block" for a {@code lock} of a held
 * mutex, a result the real one never returns, so only histories where each {@code lock} took a
 * free mutex are accepted.
 *
 * <p>Lincheck finds operations and models by class, so each set of operations is a class here.
 */
final class MutexOperations {
    private MutexOperations() {}

    static final String LOCKED = "locked";
    static final String WOULD_BLOCK = "would block";
    static final String UNLOCKED = "unlocked";
    static final String NOT_LOCKED = "IllegalStateException";

    /** {@code tryLock} and {@code unlock} only: every scenario finishes, so any may be generated. */
    public static class TryLockOps {
        final Mutex mu = new Mutex();

        @Operation
        public boolean tryLock() {
            return mu.tryLock();
        }

        @Operation
        public String unlock() {
            try {
                mu.unlock();
                return UNLOCKED;
            } catch (IllegalStateException e) {
                return NOT_LOCKED;
            }
        }
    }

    /** Adds the blocking {@code lock}; used only with {@link BalancedScenarios}. */
    public static final class LockOps extends TryLockOps {
        @Operation
        public String lock() {
            mu.lock();
            return LOCKED;
        }
    }

    /** The sequential specification: a boolean. */
    public static final class Model {
        private boolean locked;

        public boolean tryLock() {
            if (locked) {
                return false;
            }
            locked = true;
            return true;
        }

        public String unlock() {
            if (!locked) {
                return NOT_LOCKED;
            }
            locked = false;
            return UNLOCKED;
        }

        public String lock() {
            if (locked) {
                return WOULD_BLOCK;
            }
            locked = true;
            return LOCKED;
        }
    }

    /**
     * Scenarios in which every thread is a sequence of pairs, {@code lock} or {@code tryLock}
     * then {@code unlock}. Each always finishes. A {@code lock} waits only while the mutex is
     * held. Suppose every unfinished thread waits in {@code lock}: all other operations have
     * run, so after the last successful acquisition its thread's {@code unlock} ran too; either
     * that {@code unlock} freed the mutex, or an earlier stray {@code unlock} (after a failed
     * {@code tryLock}) freed it first and made that one fail. Either way the mutex is free and
     * the waiter takes it, so no thread waits forever.
     */
    public static final class BalancedScenarios extends ExecutionGenerator {
        private final Random random;

        public BalancedScenarios(CTestConfiguration configuration, CTestStructure structure, RandomProvider randomProvider) {
            super(configuration, structure);
            this.random = randomProvider.createRandom();
        }

        @Override
        public ExecutionScenario nextExecution() {
            int threads = testConfiguration.getThreads();
            int pairs = Math.max(1, testConfiguration.getActorsPerThread() / 2);
            List<List<Actor>> parallel = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parallel.add(pairs(pairs));
            }
            return LincheckTest.scenario(List.of(), parallel, pairs(1));
        }

        private List<Actor> pairs(int n) {
            List<Actor> ops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ops.add(LincheckTest.op(LockOps.class, random.nextBoolean() ? "lock" : "tryLock"));
                ops.add(LincheckTest.op(LockOps.class, "unlock"));
            }
            return ops;
        }
    }

    /**
     * A counter in plain fields, guarded by the mutex taken with {@code lock} or by spinning on
     * {@code tryLock}: if two threads were ever inside at once, an increment would be lost or a
     * value returned twice, and no sequential order would explain the results.
     */
    public static final class GuardedCounter {
        private final Mutex mu = new Mutex();
        private int count;

        @Operation
        public int incrementWithLock() {
            mu.lock();
            try {
                return count++;
            } finally {
                mu.unlock();
            }
        }

        @Operation
        public int incrementWithTryLock() {
            while (!mu.tryLock()) {
                Thread.onSpinWait();
            }
            try {
                return count++;
            } finally {
                mu.unlock();
            }
        }

        @Operation
        public int get() {
            mu.lock();
            try {
                return count;
            } finally {
                mu.unlock();
            }
        }
    }

    public static final class CounterModel {
        private int count;

        public int incrementWithLock() {
            return count++;
        }

        public int incrementWithTryLock() {
            return count++;
        }

        public int get() {
            return count;
        }
    }
}
