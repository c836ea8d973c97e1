package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Parks inside {@code try}, {@code catch} and {@code finally} blocks, and exceptions that cross
 * frames resumed after a park. Expected: the handlers that run without parking are exactly the
 * ones that run with it, each once (a finally block does not run when a frame unwinds to park),
 * and a handler in a resumed frame still catches what its callee throws.
 */
public final class TryCatchFinally {
    private TryCatchFinally() {}

    @Suspendable
    public static String parkInTry() {
        int n = 0;
        try {
            Probe.log("try");
            Probe.point();
            n = Probe.i(1);
            Probe.log("try end");
        } catch (RuntimeException e) {
            Probe.log("catch (never)");
        } finally {
            Probe.log("finally");
        }
        return "n=" + n;
    }

    @Suspendable
    public static String parkInCatch() {
        long acc = 5;
        try {
            Probe.point();
            acc += thrower("in try");
            Probe.log("unreachable");
        } catch (IllegalStateException e) {
            Probe.log("catch " + e.getMessage());
            Probe.point();
            acc *= Probe.j(3L);
            Probe.log("catch end");
        } finally {
            Probe.log("finally");
        }
        return "acc=" + acc;
    }

    @Suspendable
    public static String parkInFinally() {
        double d = 1.5;
        try {
            d += Probe.d(1.0);
            Probe.log("try");
        } finally {
            Probe.log("finally");
            Probe.point();
            d *= Probe.d(2.0);
            Probe.log("finally end");
        }
        try {
            thrower("to finally");
        } catch (IllegalStateException e) {
            Probe.log("outer catch " + e.getMessage());
        } finally {
            Probe.point();
            Probe.log("second finally");
        }
        return "d=" + d;
    }

    /** A finally that parks while an exception is pending: it is rethrown after the park. */
    @Suspendable
    public static String parkInFinallyWhileThrowing() {
        try {
            try {
                thrower("pending");
            } finally {
                Probe.log("finally with pending exception");
                Probe.point();
                Probe.log("finally end");
            }
        } catch (IllegalStateException e) {
            return "caught " + e.getMessage();
        }
        return "not caught";
    }

    /** {@code return} from inside try: the value waits in a local while finally parks. */
    @Suspendable
    public static String returnThroughParkingFinally() {
        return returnsFromTry(3) + " " + returnsFromTry(-3);
    }

    @Suspendable
    private static String returnsFromTry(int k) {
        try {
            if (k > 0) {
                return "positive " + Probe.i(k);
            }
            Probe.point();
        } finally {
            Probe.log("finally " + k);
            Probe.point();
        }
        return "non-positive " + k;
    }

    /** A handler in a frame resumed after a park catches an exception its callee throws later. */
    @Suspendable
    public static String handlerInResumedFrame() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            try {
                out.append(level1(k)).append(' ');
            } catch (UnsupportedOperationException e) {
                out.append("caught:").append(e.getMessage()).append(' ');
                Probe.point();
            }
        }
        return out.toString();
    }

    @Suspendable
    private static String level1(int k) {
        Probe.point();
        String s = level2(k);
        Probe.point();
        return "l1(" + s + ")";
    }

    @Suspendable
    private static String level2(int k) {
        Probe.point();
        if (k == 1) {
            throw new UnsupportedOperationException("k" + k);
        }
        Probe.point();
        return "l2(" + k + ")";
    }

    /** Nested try blocks, parks at every depth, and an exception rethrown from an inner catch. */
    @Suspendable
    public static String nested() {
        StringBuilder out = new StringBuilder();
        try {
            try {
                try {
                    Probe.point();
                    thrower("deep");
                } catch (IllegalStateException e) {
                    out.append("inner:").append(e.getMessage()).append(' ');
                    Probe.point();
                    throw new IllegalArgumentException("rethrown " + Probe.o(e.getMessage()));
                } finally {
                    Probe.point();
                    out.append("innerFinally ");
                }
            } catch (IllegalArgumentException e) {
                Probe.point();
                out.append("middle:").append(e.getMessage()).append(' ');
            }
            Probe.point();
        } finally {
            out.append("outerFinally");
        }
        return out.toString();
    }

    /** try-with-resources around a park; the resource closes once, after the body. */
    @Suspendable
    @SuppressWarnings("try") // resource c is opened and closed only for the trace
    public static String tryWithResources() {
        StringBuilder out = new StringBuilder();
        try (Resource a = new Resource("a"); Resource b = new Resource(Probe.o("b"))) {
            Probe.point();
            out.append(a.name).append(b.name);
            Probe.point();
        }
        try (Resource c = new Resource("c")) {
            Probe.point();
            thrower("in twr");
        } catch (IllegalStateException e) {
            Probe.point();
            out.append(" caught ").append(e.getMessage());
        }
        return out.toString();
    }

    static final class Resource implements AutoCloseable {
        final String name;

        Resource(String name) {
            this.name = name;
            Probe.log("open " + name);
        }

        @Override
        public void close() {
            Probe.log("close " + name);
        }
    }

    /** An exception that escapes the scenario after parks; the harness compares type and message. */
    @Suspendable
    public static String escapesAfterPark() {
        Probe.point();
        try {
            Probe.point();
            return String.valueOf(thrower("escaping"));
        } finally {
            Probe.log("finally before escape");
        }
    }

    @Suspendable
    private static int thrower(String message) {
        Probe.point();
        Probe.log("throw " + message);
        throw new IllegalStateException(message);
    }
}
