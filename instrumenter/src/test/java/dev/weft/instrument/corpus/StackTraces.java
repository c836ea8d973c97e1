package dev.weft.instrument.corpus;

import dev.weft.Suspendable;
import dev.weft.SuspendableCallable;

/**
 * Stack traces after a resume. Resuming re-invokes the frames in order, so an exception thrown
 * (or a stack captured) after a park shows the goroutine's logical stack: the corpus methods in
 * order, each at the line of its call. Expected: the corpus frames (class, method, line) of the
 * woven run equal those of the plain run. For an exception that escapes a scenario the harness
 * compares them itself; {@link #capturedAfterResume} renders them into its result.
 */
public final class StackTraces {
    private StackTraces() {}

    /** Throws out of the scenario after parking at every level on the way down. */
    @Suspendable
    public static String thrownAfterResume() {
        Probe.point();
        return outer(3);
    }

    @Suspendable
    private static String outer(int k) {
        Probe.point();
        String s = middle(k);
        Probe.point();
        return s;
    }

    @Suspendable
    private static String middle(int k) {
        long wide = Probe.j(k);
        Probe.point();
        return inner(wide) + k;
    }

    @Suspendable
    private static String inner(long wide) {
        Probe.point();
        Probe.point();
        if (wide > 0) {
            throw new IllegalStateException("thrown after resume at depth " + wide);
        }
        return "unreachable";
    }

    /**
     * An exception constructed after a resume from arguments that suspend and span lines: its
     * stack trace is filled in by its constructor, which must run at the same place and line.
     */
    @Suspendable
    public static String constructedAfterResumeAcrossLines() {
        Probe.point();
        int depth = Probe.i(2);
        throw new UnsupportedOperationException(
                "built across lines, depth "
                        + Probe.i(depth)
                        + " "
                        + Probe.o("tail"));
    }

    /** The logical stack, captured after parks through a lambda and three methods, as a string. */
    @Suspendable
    public static String capturedAfterResume() throws Exception {
        SuspendableCallable<String> viaLambda = () -> {
            Probe.point();
            return first();
        };
        return viaLambda.call();
    }

    @Suspendable
    private static String first() {
        Probe.point();
        return second();
    }

    @Suspendable
    private static String second() {
        Probe.point();
        String here = render(new Throwable().getStackTrace());
        Probe.point();
        try {
            inner(1);
            return here;
        } catch (IllegalStateException e) {
            return here + " || " + render(e.getStackTrace());
        }
    }

    /** The corpus frames of a stack trace, innermost first: {@code Class.method:line}. */
    public static String render(StackTraceElement[] frames) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement f : frames) {
            if (f.getClassName().startsWith("dev.weft.instrument.corpus.")) {
                out.append(f.getClassName().substring("dev.weft.instrument.corpus.".length())).append('.')
                        .append(f.getMethodName()).append(':').append(f.getLineNumber()).append(' ');
            }
        }
        return out.toString().trim();
    }
}
