package dev.weft.internal.sched;

import java.io.PrintStream;

/**
 * Go's panic report, printed to stderr when a goroutine dies of an uncaught Throwable:
 * {@code panic: <exception>}, a blank line, {@code goroutine N [running]:}, and its stack.
 */
final class Panics {
    private Panics() {}

    static void report(G g, Throwable t) {
        StringBuilder b = new StringBuilder();
        b.append("panic: ").append(t).append("\n\n");
        b.append("goroutine ").append(g == null ? 0 : g.id).append(" [running]:\n");
        for (StackTraceElement e : t.getStackTrace()) {
            if (Dump.isSchedulerFrame(e)) {
                break;
            }
            Dump.appendFrame(b, e);
        }
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            b.append("caused by: ").append(cause).append('\n');
        }
        if (g != null) {
            Dump.appendCreatedBy(b, g);
        }
        PrintStream err = System.err;
        err.print(b);
        err.flush();
    }
}
