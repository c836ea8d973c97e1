package dev.weft;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.CTestStructure;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionGenerator;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CTestConfiguration;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.RandomProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * What {@link LincheckTest} checks of {@link WaitGroup} from plain threads, against a counter:
 * {@code add} and {@code done} change it, or fail with {@code IllegalStateException} (changing
 * nothing) if it would go below zero; {@code await} returns at a moment the counter is zero.
 *
 * <p>{@code await} blocks while the counter is positive, which Lincheck cannot model, so the
 * check that uses it runs only scenarios built to always finish ({@link BalancedScenarios}).
 * The model answers "would block" for an {@code await} of a positive counter, a result the real
 * one never returns, so a history is accepted only if each {@code await} can be placed at a
 * moment the counter was zero: an {@code await} that returned early, or one released by a
 * zero that never happened, fails the check.
 *
 * <p>Lincheck finds operations and models by class, so each set of operations is a class here.
 */
final class WaitGroupOperations {
    private WaitGroupOperations() {}

    static final String OK = "ok";
    static final String NEGATIVE = "IllegalStateException";
    static final String RETURNED = "returned";
    static final String WOULD_BLOCK = "would block";

    /** {@code add} and {@code done} only: every scenario finishes, so any may be generated. */
    @Param(name = "delta", gen = IntGen.class, conf = "-2:2")
    public static class Counter {
        final WaitGroup wg = new WaitGroup();

        @Operation(params = "delta")
        public String add(int delta) {
            try {
                wg.add(delta);
                return OK;
            } catch (IllegalStateException e) {
                return NEGATIVE;
            }
        }

        @Operation
        public String done() {
            try {
                wg.done();
                return OK;
            } catch (IllegalStateException e) {
                return NEGATIVE;
            }
        }
    }

    /** Adds the blocking {@code await}; used only with {@link BalancedScenarios}. */
    public static final class Awaiting extends Counter {
        @Operation
        public String await() {
            wg.await();
            return RETURNED;
        }
    }

    /** The sequential specification: a counter that never goes below zero. */
    public static final class Model {
        private long counter;

        public String add(int delta) {
            if (counter + delta < 0) {
                return NEGATIVE;
            }
            counter += delta;
            return OK;
        }

        public String done() {
            return add(-1);
        }

        public String await() {
            return counter == 0 ? RETURNED : WOULD_BLOCK;
        }
    }

    /**
     * Scenarios that always finish. Before the threads start, {@code add(k)}; the k
     * {@code done}s that bring it back to zero are spread over the threads, each before that
     * thread's first {@code await}; any other {@code add(1)} is followed in its thread by its
     * {@code done} with no {@code await} between. If every unfinished thread waited in
     * {@code await}, all the k {@code done}s would have run and every extra {@code add(1)} would
     * have been matched, so the counter would be zero: an {@code await} made then returns at
     * once, and one made earlier was released when it reached zero. So none waits forever.
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
            int k = 1 + random.nextInt(2);
            List<List<Actor>> before = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                before.add(new ArrayList<>());
            }
            for (int i = 0; i < k; i++) {
                before.get(random.nextInt(threads)).add(op("done"));
            }
            List<List<Actor>> parallel = new ArrayList<>();
            for (List<Actor> ops : before) {
                Collections.shuffle(ops, random);
                if (random.nextInt(3) == 0) { // an extra add(1) and, later in the thread, its done
                    int at = random.nextInt(ops.size() + 1);
                    ops.add(at, op("add", 1));
                    ops.add(at + 1 + random.nextInt(ops.size() - at), op("done"));
                }
                ops.add(op("await"));
                switch (random.nextInt(3)) {
                    case 0 -> {
                        ops.add(op("add", 1));
                        ops.add(op("done"));
                    }
                    case 1 -> ops.add(op("await"));
                    default -> { }
                }
                parallel.add(ops);
            }
            return LincheckTest.scenario(List.of(op("add", k)), parallel, List.of(op("await"), op("add", 1), op("done"), op("await")));
        }

        private static Actor op(String name, Object... args) {
            return LincheckTest.op(Awaiting.class, name, args);
        }
    }
}
