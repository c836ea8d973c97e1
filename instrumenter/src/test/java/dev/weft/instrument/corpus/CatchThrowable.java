package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * {@code catch (Throwable t)} (and {@code catch (Error e)}, {@code catch (Exception e)}) around
 * a park. However the rewriter implements unwinding, user handlers must never see it. Expected:
 * the trace shows that no handler ran, and the code after the park ran exactly once.
 */
public final class CatchThrowable {
    private CatchThrowable() {}

    @Suspendable
    public static String aroundPark() {
        int n = 0;
        for (int k = 0; k < 3; k++) {
            try {
                Probe.point();
                n += Probe.i(k);
                Probe.log("after park " + k);
            } catch (Throwable t) {
                Probe.log("caught Throwable " + t);
            }
        }
        try {
            callee();
        } catch (Error e) {
            Probe.log("caught Error " + e);
        } catch (Exception e) {
            Probe.log("caught Exception " + e);
        }
        return "n=" + n;
    }

    @Suspendable
    private static void callee() throws Exception {
        try {
            Probe.point();
            Probe.log("callee after park");
        } catch (Throwable t) {
            Probe.log("callee caught " + t);
            throw t;
        }
    }

    /** A real exception still reaches catch (Throwable) after a park, exactly once. */
    @Suspendable
    public static String realExceptionStillCaught() {
        try {
            Probe.point();
            Object o = Probe.o(null);
            return o.toString();
        } catch (Throwable t) {
            Probe.point();
            return "caught " + t.getClass().getName();
        }
    }
}
