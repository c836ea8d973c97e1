package dev.weft.benchmarks;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * A select loop over two channels written with case objects, against the same loop written
 * with lambdas: the time and the bytes allocated per select. The case-object form makes its
 * {@link Select.RecvCase}s once and reads {@link Select.RecvCase#value} after the select chose
 * one; the lambda form makes a fresh case and a fresh capturing lambda per channel for every
 * select ({@code a.onRecv(v -> sum += v)}), as a loop with lambdas does.
 *
 * <ul>
 *   <li>{@code ready_*}: each invocation puts one value in the buffer of one of two channels
 *       (the two in turn, {@link Chan#trySend}) and runs one select over their receive cases,
 *       which finds that case ready and never parks. This is select's own path: polling order,
 *       locking, one receive from a buffer.
 *   <li>{@code parked_*}: each invocation is one {@link Go#run} of {@value #ROUNDS} rounds; in
 *       each, the main goroutine selects over two unbuffered channels before its partner sends
 *       on one of them (the two in turn), so the select parks and the send wakes it; the main
 *       goroutine then answers on a third channel, which the partner waits for before its next
 *       send. One op is a round: one select that parks, one send and one receive, two parks and
 *       two wakes. The scheduler runs with one P ({@link OneProc}), so every select does park
 *       (a select that found its case ready would not allocate its waiters, which shows in
 *       {@code gc.alloc.rate.norm}). Starting the run and its partner is spread over the rounds.
 * </ul>
 *
 * <p>How to read it: {@code bash benchmarks/run.sh SelectBench -prof gc} adds
 * {@code gc.alloc.rate.norm}, the bytes allocated per op (by every thread, the scheduler's
 * carriers included). Compare {@code caseObjects} with {@code lambdas} within each pair: the
 * case objects must allocate no more per select than the lambdas, and should be no slower.
 * In the ready pair, run outside any goroutine, the case-object form allocates what every
 * select there does (the varargs array and the array of its polling and locking orders, which
 * a goroutine reuses instead); the lambda form adds two cases and two lambdas. The parked pair,
 * in goroutines, adds to both what a select that parks allocates (a waiter per case,
 * the array of them, their shared flag and the array of the locks it parks holding); the
 * round's plain send and receive allocate nothing (a goroutine reuses its waiter).
 *
 * <p>The ready cases run {@link Select#select} on JMH's thread, outside any goroutine; like the
 * other benchmarks it is a weft carrier ({@link CarrierExecutor}), so a rewritten method finds
 * its frame stack as a goroutine's does. The fork runs with {@code -Dweft.strict=true}, so a
 * park that would pin its carrier fails the trial instead of blocking it. The values sent are
 * one boxed {@code Integer} made once, so no op allocates a box.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.weft.benchmarks.CarrierExecutor",
        "-Dweft.strict=true"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectBench {
    /** Rounds per invocation of a {@code parked_*} case. */
    static final int ROUNDS = 10_000;

    /** What every send sends: one box, so that sending allocates nothing. */
    static final Integer VALUE = 1000;

    /** What the selects received, summed; every case adds to it, so none is dead code. */
    int sum;

    private Chan<Integer> a;
    private Chan<Integer> b;
    private Select.RecvCase<Integer> fromA;
    private Select.RecvCase<Integer> fromB;
    private int turn;

    /**
     * The scheduler with one P for a {@code parked_*} trial: the partner goroutine then runs
     * only once the main goroutine has parked in its select, and the other way round.
     */
    @State(Scope.Thread)
    public static class OneProc {
        private int previous;

        @Setup
        public void setup() {
            previous = Go.maxProcs(1);
        }

        @TearDown
        public void tearDown() {
            Go.maxProcs(previous);
        }
    }

    @Setup
    public void setup() {
        Weaving.requireRewritten(Select.class, "select([Ldev/weft/Select$Case;)I");
        Weaving.requireRewritten(SelectBench.class,
                "pingPongCaseObjects()I", "pingPongLambdas()I",
                "partner(Ldev/weft/Chan;Ldev/weft/Chan;Ldev/weft/Chan;)V");
        a = Chan.make(1);
        b = Chan.make(1);
        fromA = a.onRecv();
        fromB = b.onRecv();
    }

    /** Makes the receive case of {@code a} or {@code b} ready, the two in turn. */
    private void makeOneReady() {
        ((turn++ & 1) == 0 ? a : b).trySend(VALUE);
    }

    // ---- a select whose case is ready ----

    @Benchmark
    public int ready_caseObjects() {
        makeOneReady();
        switch (Select.select(fromA, fromB)) {
            case 0 -> sum += fromA.value();
            default -> sum += fromB.value();
        }
        return sum;
    }

    @Benchmark
    public int ready_lambdas() {
        makeOneReady();
        Select.select(a.onRecv(v -> sum += v), b.onRecv(v -> sum += v));
        return sum;
    }

    // ---- a select that parks until another goroutine sends ----

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int parked_caseObjects(OneProc oneProc) {
        return Go.run(this::pingPongCaseObjects);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public int parked_lambdas(OneProc oneProc) {
        return Go.run(this::pingPongLambdas);
    }

    @Suspendable
    int pingPongCaseObjects() {
        Chan<Integer> x = Chan.make();
        Chan<Integer> y = Chan.make();
        Chan<Integer> back = Chan.make();
        Go.go(() -> partner(x, y, back));
        Select.RecvCase<Integer> fromX = x.onRecv();
        Select.RecvCase<Integer> fromY = y.onRecv();
        for (int i = 0; i < ROUNDS; i++) {
            switch (Select.select(fromX, fromY)) {
                case 0 -> sum += fromX.value();
                default -> sum += fromY.value();
            }
            back.send(VALUE);
        }
        return sum;
    }

    @Suspendable
    int pingPongLambdas() {
        Chan<Integer> x = Chan.make();
        Chan<Integer> y = Chan.make();
        Chan<Integer> back = Chan.make();
        Go.go(() -> partner(x, y, back));
        for (int i = 0; i < ROUNDS; i++) {
            Select.select(x.onRecv(v -> sum += v), y.onRecv(v -> sum += v));
            back.send(VALUE);
        }
        return sum;
    }

    /** Sends on {@code x} and {@code y} in turn, each time waiting for the answer on {@code back}. */
    @Suspendable
    static void partner(Chan<Integer> x, Chan<Integer> y, Chan<Integer> back) {
        for (int i = 0; i < ROUNDS; i++) {
            ((i & 1) == 0 ? x : y).send(VALUE);
            back.recv();
        }
    }
}
