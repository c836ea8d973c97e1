package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.util.List;

/**
 * Pins: {@code List.forEach} with a plain {@code java.util.function.Consumer} lambda that calls
 * {@link Probe#point()}. The lambda's interface is not suspendable, so its body is not rewritten,
 * and the JDK's forEach stands between it and the scenario. Expected: the same results as the
 * plain run, pins &gt; 0, and a {@code PinnedError} in strict mode.
 */
public final class PinByForEach {
    private PinByForEach() {}

    @Suspendable
    public static String forEachWithPlainConsumer() {
        StringBuilder out = new StringBuilder();
        Probe.point();
        List.of("a", "b", "c").forEach(s -> {
            Probe.point();
            out.append(s);
            Probe.log("element " + s);
        });
        Probe.point();
        return out.toString();
    }
}
