package dev.weft.benchmarks;

import dev.weft.Suspendable;
import dev.weft.internal.cont.Continuation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One park-and-resume cycle of a continuation {@code depth} rewritten frames deep: each
 * invocation is one {@link Continuation#run} that resumes the parked body (every frame reads
 * its record, restores its locals and re-invokes the next, down to {@code park}) and runs it to
 * the next park (every frame saves its locals and returns). Target: under 150 ns at depth 5;
 * published anchors are about 1.9 us (Offbynull coroutines) and 4.7 us (Apache JavaFlow).
 *
 * <p>Each {@link #descend} frame keeps an int, a long and a reference live across its call, so
 * saving and restoring move real values of each kind, not just a resume index. The continuation
 * lives in the state for the whole trial and parks forever in {@link #parkLoop}, so no
 * invocation pays for creating, starting or ending one.
 *
 * <p>JMH's thread is a plain thread, so the frame stack is found through a {@code ThreadLocal}
 * (on a weft carrier it is a field of the thread); that lookup is part of what is measured.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM", "-Djmh.executor.class=dev.weft.benchmarks.CarrierExecutor"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParkResumeBench {
    @Param({"1", "5", "20"})
    int depth;

    private Continuation continuation;

    @Setup
    public void setup() {
        Weaving.requireRewritten(ParkResumeBench.class,
                "descend(IJLjava/lang/Object;)J", "parkLoop()J");
        continuation = new Continuation(() -> descend(depth, 1L, "frame"));
        // The first run goes down the frames to the first park; every later run is one cycle.
        if (continuation.run() || continuation.pins() != 0) {
            throw new IllegalStateException("the body did not park by unwinding: pins=" + continuation.pins());
        }
    }

    @Benchmark
    public boolean parkResume() {
        return continuation.run();
    }

    /** One of {@code remaining} frames; {@code i}, {@code l} and {@code ref} are live across the call. */
    @Suspendable
    static long descend(int remaining, long acc, Object tag) {
        int i = remaining * 3;
        long l = acc * 31 + remaining;
        Object ref = tag;
        long below = remaining <= 1 ? parkLoop() : descend(remaining - 1, l, ref);
        return below + i + l + ref.hashCode();
    }

    /** The innermost frame: parks for ever, with a counter live across each park. */
    @Suspendable
    static long parkLoop() {
        long parks = 0;
        while (true) {
            Continuation.park();
            parks++;
        }
    }
}
