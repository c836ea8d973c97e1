package dev.weft.instrument.corpus;

import dev.weft.Suspendable;
import dev.weft.internal.cont.Continuation;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The one place corpus code parks, and the trace every scenario writes.
 *
 * <p>{@link #point()} is a possible suspension point: inside a continuation it parks or not,
 * as the harness's policy says; outside one (the plain run) it does nothing. The typed helpers
 * ({@link #i(int)}, {@link #j(long)}, ...) pass a point and hand their argument back, so a
 * value can be made to "come out of" a suspending call anywhere in an expression.
 *
 * <p>{@link #log} appends to a trace; a scenario's observable behaviour is its return value plus
 * its trace. A rewrite that re-runs code after a resume, or skips it, shows up as a duplicated
 * or missing trace entry.
 *
 * <p>State is static and not synchronized: the harness defines the corpus in a fresh class
 * loader per run and runs one scenario at a time on one thread. It is controlled by reflection
 * ({@link #reset}, {@link #trace}, {@link #parks}, {@link #parksIn}) because the harness sees this
 * class through another loader.
 */
public final class Probe {
    private static final int NEVER = 0;
    private static final int ALWAYS = 1;
    private static final int RANDOM = 2;

    private static int policy = NEVER;
    private static Random random = new Random(0);
    private static int parks;
    private static final Map<Continuation, int[]> PARKS_BY_CONTINUATION = new IdentityHashMap<>();
    private static final StringBuilder TRACE = new StringBuilder();

    private Probe() {}

    /** Sets the policy ({@code "NEVER"}, {@code "ALWAYS"} or {@code "RANDOM"}), clears the trace and the park count. */
    public static void reset(String policyName, long seed) {
        switch (policyName) {
            case "NEVER": policy = NEVER; break;
            case "ALWAYS": policy = ALWAYS; break;
            case "RANDOM": policy = RANDOM; break;
            default: throw new IllegalArgumentException(policyName);
        }
        random = new Random(seed);
        parks = 0;
        PARKS_BY_CONTINUATION.clear();
        TRACE.setLength(0);
    }

    /** Everything logged since the last reset, each entry followed by ';'. */
    public static String trace() {
        return TRACE.toString();
    }

    /** How many times {@link #point()} called park (whether that park unwound or pinned). */
    public static int parks() {
        return parks;
    }

    /** How many of those parks happened in {@code c} (a scenario may run continuations of its own). */
    public static int parksIn(Continuation c) {
        int[] n = PARKS_BY_CONTINUATION.get(c);
        return n == null ? 0 : n[0];
    }

    public static void log(Object entry) {
        TRACE.append(entry).append(';');
    }

    /** Parks the running continuation if the policy says so; does nothing outside one. */
    @Suspendable
    public static void point() {
        Continuation c = Continuation.current();
        if (c == null) {
            return;
        }
        boolean park = policy == ALWAYS || (policy == RANDOM && random.nextBoolean());
        if (park) {
            parks++;
            int[] n = PARKS_BY_CONTINUATION.get(c);
            if (n == null) {
                n = new int[1];
                PARKS_BY_CONTINUATION.put(c, n);
            }
            n[0]++;
            Continuation.park();
        }
    }

    // The value passes through a suspension point: `x + Probe.i(3)` is `x + sus()` from the design.

    @Suspendable
    public static boolean z(boolean v) {
        point();
        return v;
    }

    @Suspendable
    public static byte b(byte v) {
        point();
        return v;
    }

    @Suspendable
    public static char c(char v) {
        point();
        return v;
    }

    @Suspendable
    public static short s(short v) {
        point();
        return v;
    }

    @Suspendable
    public static int i(int v) {
        point();
        return v;
    }

    @Suspendable
    public static float f(float v) {
        point();
        return v;
    }

    @Suspendable
    public static long j(long v) {
        point();
        return v;
    }

    @Suspendable
    public static double d(double v) {
        point();
        return v;
    }

    @Suspendable
    public static <T> T o(T v) {
        point();
        return v;
    }
}
