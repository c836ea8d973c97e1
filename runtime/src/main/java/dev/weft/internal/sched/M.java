package dev.weft.internal.sched;

import dev.weft.internal.cont.Carrier;

import java.util.concurrent.locks.LockSupport;

/**
 * A carrier thread (Go's {@code m}): a daemon named {@code weft-carrier-N} that runs
 * goroutines while it holds a P.
 *
 * <p>Its loop: find a runnable goroutine ({@link Scheduler#findRunnable}, which parks the
 * thread when there is none), run it until it parks or ends, commit the park. Fields are the
 * thread's own except {@link #handoff} and {@link #spinning}, which the scheduler sets before
 * unparking an idle M.
 */
final class M extends Carrier {
    final Scheduler sched;
    /** The P this M holds, or null. */
    P p;
    /** The goroutine running now, or null between goroutines. */
    volatile G g;
    /** A P handed to this idle M by whoever woke it; read after it wakes. */
    volatile P handoff;
    /** True while this M looks for work without a goroutine to run. */
    boolean spinning;
    /** When this M went idle, for retiring spares. */
    long idleSince;

    M(Scheduler sched, int n, long stackSize) {
        super(null, null, "weft-carrier-" + n, stackSize);
        this.sched = sched;
        setDaemon(true);
    }

    @Override
    public void run() {
        while (true) {
            G next = sched.findRunnable(this);
            if (next == null) {
                return; // retired
            }
            sched.execute(this, next);
        }
    }

    void unpark() {
        LockSupport.unpark(this);
    }
}
