package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: a frame that was not rewritten stands between an armed call and a rewritten method
 * whose name and descriptor hash like the armed one ({@code "Aa"} and {@code "BB"} have the same
 * {@code String.hashCode}, and so do {@code "Aa()Ljava/lang/String;"} and
 * {@code "BB()Ljava/lang/String;"}). {@link Holder#Aa} is synchronized, so it is never rewritten;
 * the scenario's call to it is still an armed suspension point. If arm tokens were hashes,
 * {@link #BB} would take the arming meant for {@code Aa} as its own and unwind through
 * {@code Aa}, which would go on running after a "return" that was really a park ("Aa after"
 * logged twice, a wrong result). Expected: the park in {@code BB} pins, the same results as the
 * plain run, and a {@code PinnedError} in strict mode; the parks in the scenario still unwind.
 */
public final class PinByTokenCollision {
    private PinByTokenCollision() {}

    @Suspendable
    public static String collidingTokens() {
        Probe.log("start");
        Probe.point();
        String r = new Holder().Aa();
        Probe.point();
        return r + Probe.i(1);
    }

    /** Suspendable but synchronized: left as it was, so a park below it must pin. */
    static final class Holder {
        @Suspendable
        synchronized String Aa() {
            Probe.log("Aa");
            String r = BB();
            Probe.log("Aa after");
            return r;
        }
    }

    @Suspendable
    static String BB() {
        Probe.point();
        Probe.log("BB");
        return "bb";
    }
}
