package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: {@code @Suspendable synchronized} methods, static and instance. The monitor is held for
 * the whole method, so a park inside pins (exclusivity is kept). Expected: the same results as
 * the plain run, pins &gt; 0, and a {@code PinnedError} in strict mode.
 */
public final class PinBySynchronizedMethod {
    private int count;

    private PinBySynchronizedMethod() {}

    @Suspendable
    public static String synchronizedMethods() {
        PinBySynchronizedMethod o = new PinBySynchronizedMethod();
        Probe.point();
        String a = o.bump(2);
        Probe.point();
        String b = staticLocked(Probe.i(3));
        return a + " " + b;
    }

    @Suspendable
    synchronized String bump(int k) {
        Probe.point();
        count += Probe.i(k);
        return "count=" + count + " held=" + Thread.holdsLock(this);
    }

    @Suspendable
    static synchronized String staticLocked(int k) {
        Probe.point();
        return "static " + k + " held=" + Thread.holdsLock(PinBySynchronizedMethod.class);
    }
}
