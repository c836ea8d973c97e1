package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: a static initializer that calls {@link Probe#point()}, triggered from a rewritten method
 * inside the continuation. A class initializer cannot unwind. Expected: the same results as the
 * plain run, pins &gt; 0, and a {@code PinnedError} in strict mode.
 */
public final class PinByStaticInit {
    private PinByStaticInit() {}

    static final class Holder {
        static final int VALUE;

        static {
            Probe.log("Holder.<clinit>");
            Probe.point();
            VALUE = 42;
            Probe.log("Holder.<clinit> done");
        }

        private Holder() {}
    }

    @Suspendable
    public static String staticInitializerParks() {
        Probe.point();
        Probe.log("before");
        int v = Holder.VALUE;
        Probe.point();
        return "v=" + v;
    }
}
