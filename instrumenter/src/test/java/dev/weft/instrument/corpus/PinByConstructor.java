package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Pins: a constructor that calls {@link Probe#point()}. Constructors are never rewritten, so the
 * park below one pins. A suspending constructor argument, evaluated before the constructor runs,
 * still unwinds. Expected: the same results as the plain run, pins &gt; 0, and a
 * {@code PinnedError} in strict mode.
 */
public final class PinByConstructor {
    private final int value;

    PinByConstructor(int value) {
        Probe.log("constructor " + value);
        Probe.point();
        this.value = value * Probe.i(2);
        Probe.log("constructor done");
    }

    @Suspendable
    public static String constructorParks() {
        Probe.point();
        PinByConstructor a = new PinByConstructor(3);
        PinByConstructor b = new PinByConstructor(Probe.i(4));
        return a.value + " " + b.value;
    }
}
