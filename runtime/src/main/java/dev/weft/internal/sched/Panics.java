package dev.weft.internal.sched;

import java.io.PrintStream;

/**
 * What the runtime prints when something fails: Go's panic report when a goroutine dies of an
 * uncaught Throwable ({@code panic: <exception>}, a blank line, {@code goroutine N [running]:},
 * and its stack), and a report of a fault in weft's own code that the runtime survived.
 *
 * <p>Neither ever throws: both may run out of memory (the fault may be an
 * {@code OutOfMemoryError}), and a report that cannot be printed is dropped rather than taking
 * down the carrier that prints it (and the classes it uses are loaded when the scheduler
 * starts: see {@link Scheduler}).
 */
public final class Panics {
    private Panics() {}

    static void report(G g, Throwable t) {
        try {
            print(panicReport(g, t));
        } catch (Throwable e) {
            // no memory left to describe it; the run still fails with t
        }
    }

    private static String panicReport(G g, Throwable t) {
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
        return b.toString();
    }

    /**
     * A fault in the runtime's own code that it survived (an {@code OutOfMemoryError} that struck
     * there, or a defect of weft), on the current thread: {@code weft: internal fault in
     * <thread>, which goes on:} and the fault's stack. Every string is built inside the guard:
     * even a string literal allocates the first time it is used.
     */
    public static void internalFault(Throwable t) {
        long now = System.nanoTime();
        long last = lastFaultReport;
        if (last != 0 && now - last < FAULT_REPORT_INTERVAL_NANOS) {
            SUPPRESSED_FAULTS.incrementAndGet();
            return;
        }
        lastFaultReport = now;
        try {
            int suppressed = SUPPRESSED_FAULTS.getAndSet(0);
            java.io.StringWriter w = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(w));
            print("weft: internal fault in " + Thread.currentThread().getName() + ", which goes on"
                    + (suppressed > 0 ? " (" + suppressed + " more since the last report)" : "") + ": " + w);
        } catch (Throwable e) {
            // no memory left to describe it
        }
    }

    /**
     * Internal faults are reported at most once per this interval: a fault that repeats (no
     * thread can be started, the heap stays full) would otherwise print on every schedule.
     */
    private static final long FAULT_REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** When the last internal fault was reported; 0 for never. A benign race: two reports at worst. */
    private static volatile long lastFaultReport;
    private static final java.util.concurrent.atomic.AtomicInteger SUPPRESSED_FAULTS = new java.util.concurrent.atomic.AtomicInteger();

    private static void print(String s) {
        PrintStream err = System.err;
        err.print(s);
        err.flush();
    }
}
