package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: an un-annotated helper stands between the scenario and {@link Probe#point()}. The helper
 * is not rewritten, so it cannot unwind; a park below it pins (in this single-threaded driver a
 * pinned park returns at once). Expected: the same results as the plain run, each trace entry
 * once, pins &gt; 0, and a {@code PinnedError} in strict mode. Parks outside the helper still unwind.
 */
public final class PinByHelper {
    private PinByHelper() {}

    @Suspendable
    public static String unannotatedHelper() {
        Probe.log("start");
        Probe.point();
        int r = helper(3);
        Probe.point();
        return "r=" + r + Probe.i(1);
    }

    /** Not @Suspendable, though it calls a suspendable method. */
    static int helper(int k) {
        Probe.log("helper");
        Probe.point();
        Probe.log("helper after park");
        return k * 2 + deeper();
    }

    @Suspendable
    static int deeper() {
        Probe.point();
        Probe.log("deeper");
        return 100;
    }
}
