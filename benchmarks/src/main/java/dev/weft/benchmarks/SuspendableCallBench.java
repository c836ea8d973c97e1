package dev.weft.benchmarks;

import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;
import dev.weft.internal.cont.Continuation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What a call to a {@code @Suspendable} method that does not park costs, next to the same call
 * to a plain method: docs/architecture.md promises that code which does not park pays only a
 * test of one flag after each suspendable call. Target: within 1.5x of the plain call.
 *
 * <p>Each invocation makes {@link #CALLS} calls in a loop and reports the time per call
 * ({@code @OperationsPerInvocation}). The {@code inContinuation_*} cases run the loop inside a
 * fresh {@link Continuation} whose body is rewritten code with a frame stack bound, which is
 * where a suspendable call pays its protocol (arm the token, check for unwinding after the
 * call, the callee's entry check); starting and ending that continuation (a few tens of ns)
 * is spread over the {@value #CALLS} calls and is the same for every in-continuation case. The
 * {@code onPlainThread_*} cases make the same calls from a plain benchmark method with no
 * continuation, where a rewritten callee must find out that it is not inside one.
 *
 * <ul>
 *   <li>{@code plainLeaf}: a plain static method doing a little arithmetic;
 *   <li>{@code suspendableLeaf}: the same method, {@code @Suspendable}, with no suspension point
 *       inside (the weaver may leave its body alone; the call site is still a suspension point);
 *   <li>{@code suspendableNested}: a {@code @Suspendable} method whose body calls another,
 *       {@code suspendableLeaf}: a rewritten frame with a suspension point that never parks;
 *   <li>{@code plainNested}: its plain twin.
 * </ul>
 *
 * <p>Every callee is {@code @CompilerControl(DONT_INLINE)}: inlined, a call costs nothing and
 * the JIT may fold the protocol's checks away, so the benchmark would measure neither. Real
 * callers do inline small suspendable methods, so these numbers are an upper bound on the
 * overhead. Each result is summed into the returned value, so no call is dead code, and the
 * inputs vary with the loop index, so none is hoisted out of the loop.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.weft.benchmarks.CarrierExecutor"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SuspendableCallBench {
    static final int CALLS = 1000;

    /** Read from a field so the JIT cannot treat the loop inputs as constants. */
    int seed = 0x5EED;
    /** Where a continuation body leaves its sum, for the benchmark method to return. */
    int sink;

    private SuspendableRunnable plainLeafBody;
    private SuspendableRunnable suspendableLeafBody;
    private SuspendableRunnable suspendableNestedBody;
    private SuspendableRunnable plainNestedBody;

    @Setup
    public void setup() {
        Weaving.requireRewritten(SuspendableCallBench.class,
                "loopPlainLeaf()V", "loopSuspendableLeaf()V", "loopSuspendableNested()V",
                "loopPlainNested()V", "suspendableNested(I)I");
        // Made once, so an invocation allocates only its Continuation.
        plainLeafBody = this::loopPlainLeaf;
        suspendableLeafBody = this::loopSuspendableLeaf;
        suspendableNestedBody = this::loopSuspendableNested;
        plainNestedBody = this::loopPlainNested;
        // Each body must end without parking or pinning, or the cases below measure something else.
        for (SuspendableRunnable body : new SuspendableRunnable[] {
                plainLeafBody, suspendableLeafBody, suspendableNestedBody, plainNestedBody}) {
            Continuation c = new Continuation(body);
            if (!c.run() || c.pins() != 0) {
                throw new IllegalStateException("a call benchmark body parked or pinned: pins=" + c.pins());
            }
        }
    }

    // ---- the callees ----

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int plainLeaf(int x) {
        x *= 0x9E3779B9;
        x ^= x >>> 15;
        return x + 0x7F4A7C15;
    }

    @Suspendable
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int suspendableLeaf(int x) {
        x *= 0x9E3779B9;
        x ^= x >>> 15;
        return x + 0x7F4A7C15;
    }

    /** {@code y} is live across the call, so the rewritten frame has a real local to keep. */
    @Suspendable
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int suspendableNested(int x) {
        int y = x * 31;
        return suspendableLeaf(y) ^ y;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int plainNested(int x) {
        int y = x * 31;
        return plainLeaf(y) ^ y;
    }

    // ---- the loops run inside a continuation: rewritten, with the frame stack bound ----

    @Suspendable
    void loopPlainLeaf() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += plainLeaf(s + i);
        }
        publish(acc);
    }

    @Suspendable
    void loopSuspendableLeaf() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += suspendableLeaf(s + i);
        }
        publish(acc);
    }

    @Suspendable
    void loopSuspendableNested() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += suspendableNested(s + i);
        }
        publish(acc);
    }

    @Suspendable
    void loopPlainNested() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += plainNested(s + i);
        }
        publish(acc);
    }

    /**
     * Stores a loop's sum. It is {@code @Suspendable} so that every loop above has a suspension
     * point and is rewritten the same way (entry check, back-edge check) whatever it calls: the
     * four in-continuation cases then differ only in their callee.
     */
    @Suspendable
    void publish(int acc) {
        sink = acc;
    }

    /** Runs {@code body} in a fresh continuation to its end; a preemption yield just resumes it. */
    private int inContinuation(SuspendableRunnable body) {
        Continuation c = new Continuation(body);
        while (!c.run()) {
            // parked only if the scheduler asked it to yield at a back-edge; go on
        }
        return sink;
    }

    // ---- (a)-(d): inside a continuation ----

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int a_inContinuation_plainLeaf() {
        return inContinuation(plainLeafBody);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int b_inContinuation_suspendableLeaf() {
        return inContinuation(suspendableLeafBody);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int c_inContinuation_suspendableNested() {
        return inContinuation(suspendableNestedBody);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int d_inContinuation_plainNested() {
        return inContinuation(plainNestedBody);
    }

    // ---- (e)/(f): the same calls outside any continuation (no frame stack bound) ----

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int e_onPlainThread_plainLeaf() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += plainLeaf(s + i);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int e_onPlainThread_plainNested() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += plainNested(s + i);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int f_onPlainThread_suspendableLeaf() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += suspendableLeaf(s + i);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int f_onPlainThread_suspendableNested() {
        int s = seed;
        int acc = 0;
        for (int i = 0; i < CALLS; i++) {
            acc += suspendableNested(s + i);
        }
        return acc;
    }
}
