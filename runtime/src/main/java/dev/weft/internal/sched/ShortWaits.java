package dev.weft.internal.sched;

/**
 * A carrier about to call into the JDK where it may wait a moment on a lock that weft's own
 * code holds only briefly (the netpoller's selector: its update and cancel locks, held while
 * the selector applies queued interest changes) says so, and the {@link Monitor} does not take
 * that wait for blocking code and hand its P off: a spare carrier would wait for the same lock.
 * As Go's sysmon retakes a P from a system call, never from a runtime lock.
 *
 * <p>The mark is the carrier's own field ({@link M#shortWait}), written by the carrier and read
 * by the monitor; a call from a plain thread, or one nested in a marked call, marks nothing.
 */
public final class ShortWaits {
    private ShortWaits() {}

    /** Marks the current carrier; answers what {@link #end} takes (null if nothing was marked). */
    public static Object begin() {
        if (Thread.currentThread() instanceof M m && !m.shortWait) {
            m.shortWait = true;
            return m;
        }
        return null;
    }

    /** Ends what {@link #begin} marked. */
    public static void end(Object mark) {
        if (mark != null) {
            ((M) mark).shortWait = false;
        }
    }
}
