package dev.weft.benchmarks;

import dev.weft.internal.cont.Woven;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses to benchmark classes the build did not weave. Unwoven, a {@code @Suspendable} call is a
 * plain call and a park pins instead of unwinding, so every number would be meaningless (and a
 * park-resume loop would spin forever); a trial fails at setup instead.
 */
public final class Weaving {
    private Weaving() {}

    /**
     * Fails unless {@code c} carries {@link Woven} and lists each of {@code methods}
     * ({@code name + descriptor}) as rewritten.
     */
    public static void requireRewritten(Class<?> c, String... methods) {
        Woven woven = c.getAnnotation(Woven.class);
        if (woven == null) {
            throw new IllegalStateException(c.getName() + " was not woven: the process-classes step of"
                    + " benchmarks/pom.xml must run dev.weft.instrument.Main on target/classes");
        }
        List<String> missing = new ArrayList<>(Arrays.asList(methods));
        missing.removeAll(Arrays.asList(woven.value()));
        if (!missing.isEmpty()) {
            throw new IllegalStateException(c.getName() + " is woven but these methods were not rewritten: "
                    + missing + " (rewritten: " + Arrays.toString(woven.value()) + ")");
        }
    }
}
