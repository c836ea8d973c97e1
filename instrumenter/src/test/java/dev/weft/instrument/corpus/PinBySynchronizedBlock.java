package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: a park inside a {@code synchronized} block of a rewritten method. Unwinding would
 * release the monitor mid-block, so the call is not a suspension point; the park pins and the
 * monitor stays held. Expected: the same results as the plain run (the lock is held throughout
 * the block, released after), pins &gt; 0, and a {@code PinnedError} in strict mode.
 */
public final class PinBySynchronizedBlock {
    private static final Object LOCK = new Object();

    private PinBySynchronizedBlock() {}

    @Suspendable
    public static String synchronizedBlock() {
        Probe.point();
        int n;
        synchronized (LOCK) {
            Probe.log("in block, held=" + Thread.holdsLock(LOCK));
            Probe.point();
            n = Probe.i(5) + inner();
            Probe.log("still in block, held=" + Thread.holdsLock(LOCK));
        }
        Probe.point();
        return "n=" + n + " held after=" + Thread.holdsLock(LOCK);
    }

    @Suspendable
    private static int inner() {
        Probe.point();
        return 10;
    }
}
