package dev.weft.internal.sched;

import dev.weft.internal.cont.Carrier;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * A carrier thread (Go's {@code m}): a daemon named {@code weft-carrier-N} that runs
 * goroutines while it holds a P.
 *
 * <p>Its loop: find a runnable goroutine ({@link Scheduler#findRunnable}, which parks the
 * thread when there is none), run it until it parks or ends, commit the park. Fields are the
 * thread's own except {@link #handoff} and {@link #spinning}, which the scheduler sets before
 * unparking an idle M.
 *
 * <p>The loop survives every fault: a goroutine's own Throwable ends that goroutine (see
 * {@link Scheduler#execute}), and a fault in the scheduler's code is caught here and reported
 * ({@link Scheduler#carrierFault}), and the loop goes on. Should the thread die all the same,
 * {@link #death} says of what, for the monitor that finds it dead.
 */
final class M extends Carrier {
    private static final AtomicReferenceFieldUpdater<M, G> RUNNING = AtomicReferenceFieldUpdater.newUpdater(M.class, G.class, "g");

    static final int PARK = 1;
    static final int YIELD = 2;

    final Scheduler sched;
    /** The P this M holds, or null. */
    P p;
    /**
     * The goroutine running now, or null between goroutines. Read by this thread
     * ({@link G#current}) and, as a snapshot, by the monitor; stored with release
     * ({@link #setRunning}).
     */
    volatile G g;
    /** The JFR run event of {@link #g} in progress, when runs are recorded; this carrier's own. */
    Object runEvent;
    /** A JFR park event that was not committed, for the next park on this carrier to time again; this carrier's own. */
    Object spareParkEvent;
    /**
     * Set by the goroutine running here just before it parks: what this carrier does once the
     * goroutine has unwound (or blocks in place), {@link #PARK} or {@link #YIELD}; 0 otherwise.
     */
    int parkKind;
    /** The locks that goroutine parks holding, to release once it is parked (see {@link G}). */
    Lock unlockOne;
    Lock[] unlockMany;
    /** A P handed to this idle M by whoever woke it; read after it wakes. */
    volatile P handoff;
    /** True while this M looks for work without a goroutine to run. */
    boolean spinning;
    /** Set while this M waits a moment on a lock of weft's own in the JDK ({@link ShortWaits}): read by the monitor. */
    volatile boolean shortWait;
    /** When this M went idle, for retiring spares. */
    long idleSince;
    /** What killed this thread, if something did; read by the monitor once the thread is dead. */
    volatile Throwable death;

    M(Scheduler sched, int n, long stackSize) {
        super(null, null, "weft-carrier-" + n, stackSize);
        this.sched = sched;
        setDaemon(true);
        setUncaughtExceptionHandler((t, e) -> death = e); // allocates nothing: a dying thread may be out of memory
    }

    @Override
    public void run() {
        while (true) {
            try {
                schedule();
                return; // retired
            } catch (Throwable t) {
                sched.carrierFault(this, t); // never throws: it must not end this loop
            }
        }
    }

    private void schedule() {
        for (G next; (next = sched.findRunnable(this)) != null; ) {
            sched.execute(this, next);
        }
    }

    void setRunning(G running) {
        RUNNING.lazySet(this, running);
    }

    void unpark() {
        LockSupport.unpark(this);
    }

    /** Releases the locks the goroutine parked holding. Only this carrier. */
    void releaseParkLocks() {
        Lock one = unlockOne;
        Lock[] many = unlockMany;
        unlockOne = null;
        unlockMany = null;
        if (many != null) {
            for (int i = many.length - 1; i >= 0; i--) {
                if (many[i] != null) {
                    many[i].unlock();
                }
            }
        }
        if (one != null) {
            one.unlock();
        }
    }
}
