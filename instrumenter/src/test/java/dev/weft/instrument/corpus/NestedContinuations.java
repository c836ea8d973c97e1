package dev.weft.instrument.corpus;

import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;
import dev.weft.internal.cont.Continuation;

/**
 * A continuation driven from inside another: the scenario (itself in the harness's continuation
 * in the woven run) creates an inner continuation, and parks between the inner one's resumes. Each
 * {@code run} binds its own frame stack and restores the outer one when it returns, so the parks
 * of each go to its own. The inner continuation is a live local across the outer parks. Expected:
 * the same trace and result as the plain run (where nothing parks: Probe's policy there is NEVER).
 */
public final class NestedContinuations {
    private NestedContinuations() {}

    @Suspendable
    public static String innerDrivenBetweenOuterParks() {
        StringBuilder out = new StringBuilder();
        long[] sum = new long[1];
        SuspendableRunnable innerBody = () -> {
            for (int k = 1; k <= 4; k++) {
                Probe.log("inner " + k);
                sum[0] += Probe.j(k * 10L);
            }
        };
        Continuation inner = new Continuation(innerBody);
        Probe.log("outer before");
        while (!inner.run()) {
            Probe.point();
        }
        Probe.point();
        Probe.log("outer after");
        out.append("sum=").append(sum[0]).append(" done=").append(inner.isDone());
        return out.toString();
    }
}
