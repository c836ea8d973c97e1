package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: a {@code @Suspendable toString} reached from string concatenation, which the JDK's
 * {@code StringConcatFactory} calls, not the rewritten method. Expected: the same results as the
 * plain run, pins &gt; 0, and a {@code PinnedError} in strict mode.
 */
public final class PinByStringConcat {
    private final int id;

    private PinByStringConcat(int id) {
        this.id = id;
    }

    @Suspendable
    @Override
    public String toString() {
        Probe.point();
        return "obj" + id;
    }

    @Suspendable
    public static String concatCallsToString() {
        PinByStringConcat o = new PinByStringConcat(Probe.i(7));
        String s = "[" + o + "]";
        Probe.point();
        return s + o.toString();
    }
}
