package dev.weft.internal.sched;

import dev.weft.internal.Tunables;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The processors and the carriers that hold them: who owns which P, the idle lists of Ps and
 * Ms (Go's {@code sched.pidle} and {@code sched.midle}, under {@link #lock} as Go's are under
 * {@code sched.lock}), starting and parking carriers, hand-off, and resizing.
 *
 * <p>Invariants. A P has at most one owner ({@link P#owner}, changed only by CAS or by whoever
 * just took it off the idle list). A P is on the idle list exactly when it has no owner and is
 * not retired, and {@link #npidle} is the list's length (both change together, under the lock).
 * An M is on the idle list only while it is parked in {@link #parkIdle} with no P; whoever takes
 * it off hands it a P through {@link M#handoff} before unparking it. {@link #nmspinning} counts
 * the carriers looking for work without a goroutine to run; a carrier that stops looking always
 * takes itself off the count, or {@link #wakep} would never start another.
 *
 * <p>The steps these serve (hand-off, the idle recheck, waking) are numbered in
 * {@link Scheduler}'s overview.
 */
final class Procs {
    /**
     * How long an idle carrier waits before looking again when a timer is due but no P is free
     * to run it: whoever holds the Ps runs due timers as they schedule, so this is a backstop.
     */
    static final long TIMER_RETRY_NANOS = 100_000L;
    /** The longest an idle carrier parks in one go, so that it notices it has become a spare to retire. */
    static final long IDLE_PARK_MAX_NANOS = 1_000_000_000L;

    private final Scheduler sched;
    private final ReentrantLock lock = new ReentrantLock();
    /** Under {@link #lock}. */
    private final ArrayDeque<P> idleP = new ArrayDeque<>();
    /** Under {@link #lock}. */
    private final ArrayDeque<M> idleM = new ArrayDeque<>();
    private volatile P[] allP;
    private volatile int procs;
    final AtomicInteger npidle = new AtomicInteger();
    final AtomicInteger nmspinning = new AtomicInteger();
    final AtomicInteger mcount = new AtomicInteger();
    private final long carrierStack = Tunables.carrierStack();
    private final int maxCarriers = Tunables.maxCarriers();
    /** Set once the cap has been said on stderr: once per process. */
    private final AtomicBoolean capReported = new AtomicBoolean();

    Procs(Scheduler sched, int n) {
        this.sched = sched;
        P[] ps = new P[n];
        for (int i = 0; i < n; i++) {
            ps[i] = new P(i);
            idleP.push(ps[i]);
        }
        allP = ps;
        procs = n;
        npidle.set(n);
    }

    /** Starts a spinning carrier if some P is idle and no carrier is looking for work. */
    void wakep() {
        if (npidle.get() == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        if (!startM(true)) {
            nmspinning.decrementAndGet();
        }
    }

    /**
     * Gives an idle P to an idle (or new) carrier; false if no P is idle, or if no carrier
     * could be started (no memory or no thread left: the P goes back to the idle list).
     */
    boolean startM(boolean spinning) {
        P p;
        M m;
        lock.lock();
        try {
            p = idleP.poll();
            if (p == null) {
                return false;
            }
            npidle.decrementAndGet();
            m = idleM.poll();
        } finally {
            lock.unlock();
        }
        boolean fresh = m == null;
        if (fresh && mcount.incrementAndGet() > maxCarriers) {
            mcount.decrementAndGet();
            putIdle(p); // taken up again by a carrier that comes back (see Scheduler.findRunnable)
            reportCap();
            return false;
        }
        try {
            if (fresh) {
                m = new M(sched, mcount.get(), carrierStack);
            }
            p.owner.set(m);
            m.spinning = spinning;
            m.handoff = p;
            if (fresh) {
                m.start();
            } else {
                m.unpark();
            }
            return true;
        } catch (Throwable t) {
            if (fresh) {
                mcount.decrementAndGet();
            }
            p.owner.set(null);
            putIdle(p);
            Panics.internalFault(t);
            return false;
        }
    }

    /**
     * The carrier cap is reached: as Go's runtime dies of thread exhaustion past
     * {@code SetMaxThreads}, every run in progress fails with the reason, said once on stderr
     * too for goroutines that belong to none. Its carriers stay: those blocked may come back.
     */
    private void reportCap() {
        String why = "weft: the program exceeds weft.maxCarriers=" + maxCarriers + " carrier threads: that many are"
                + " blocked in code weft cannot see (JDK I/O, locks, sleeps) or pinned (see the pin warnings), and"
                + " runnable goroutines have no thread to run on. Block in weft instead (dev.weft.net, channels,"
                + " Go.sleep), weave the classes that pin, or raise -Dweft.maxCarriers.";
        if (capReported.compareAndSet(false, true)) {
            System.err.println(why);
        }
        for (Run r : sched.runs) {
            r.abandoned(why);
        }
    }

    /**
     * Puts an ownerless P back on the idle list, unless it was retired meanwhile; false if it
     * is retired (a retired P never goes back to the idle list).
     */
    private boolean putIdle(P p) {
        lock.lock();
        try {
            if (p.retired) {
                return false;
            }
            if (!idleP.contains(p)) {
                idleP.push(p);
                npidle.incrementAndGet();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code m} stops looking for work, if it was: a count left behind would keep
     * {@link #wakep} from ever starting a carrier. True if it was the last spinner.
     */
    boolean stopSpinning(M m) {
        if (!m.spinning) {
            return false;
        }
        m.spinning = false;
        return nmspinning.decrementAndGet() == 0;
    }

    /**
     * Step 5: hands the P that {@code from} holds to another carrier, because {@code from}
     * cannot use it (pinned, stuck, or dead).
     */
    void handoff(P p, M from) {
        if (!p.owner.compareAndSet(from, null)) {
            return; // someone else gave it away
        }
        p.awaitProducers();
        if (!putIdle(p)) {
            drainTo(p); // retired: its goroutines and timers go to live Ps
            wakep();
            return;
        }
        if (p.hasWork() || sched.global.size() > 0 || p.timers.size() > 0) {
            startM(false);
        } else {
            wakep();
        }
    }

    P acquireIdleP(M m) {
        lock.lock();
        try {
            P p = idleP.poll();
            if (p != null) {
                npidle.decrementAndGet();
                p.owner.set(m);
            }
            return p;
        } finally {
            lock.unlock();
        }
    }

    void releaseP(M m, P p) {
        m.p = null;
        lock.lock();
        try {
            if (p.owner.compareAndSet(m, null) && !p.retired) {
                idleP.push(p);
                npidle.incrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean workVisible() {
        if (sched.global.size() > 0) {
            return true;
        }
        P[] ps = allP;
        for (int i = 0; i < procs; i++) {
            if (ps[i].hasWork() || ps[i].timers.nextWhen() <= System.nanoTime()) {
                return true;
            }
        }
        return false;
    }

    /** Parks an idle carrier until it is handed a P or a timer is due; false to retire it. */
    boolean parkIdle(M m) {
        // Whatever path brought a spinning carrier here (its P retired or taken), it stops
        // spinning. The last spinner rechecks: a wakep that saw it spinning relied on it to find
        // the work.
        if (stopSpinning(m) && workVisible()) {
            wakep();
        }
        lock.lock();
        try {
            idleM.push(m);
            m.idleSince = System.nanoTime();
        } finally {
            lock.unlock();
        }
        while (m.handoff == null) {
            // No goroutine runs here: an interrupt is someone else's (a carrier's own status was
            // saved with its goroutine), and a set flag would make every park below return at once.
            Thread.interrupted();
            long next = earliestTimer();
            long now = System.nanoTime();
            if (next <= now) {
                if (leaveIdle(m)) {
                    P p = acquireIdleP(m);
                    if (p != null) {
                        m.p = p;
                        return true;
                    }
                    lock.lock();
                    try {
                        idleM.push(m);
                    } finally {
                        lock.unlock();
                    }
                }
                LockSupport.parkNanos(this, TIMER_RETRY_NANOS);
                continue;
            }
            LockSupport.parkNanos(this, Math.min(next - now, IDLE_PARK_MAX_NANOS));
            if (m.handoff == null && System.nanoTime() - m.idleSince > Monitor.RETIRE_IDLE_NANOS
                    && mcount.get() > procs + 1 && leaveIdle(m)) {
                mcount.decrementAndGet();
                return false;
            }
        }
        return true;
    }

    /** Takes {@code m} off the idle list; false if a waker took it first (a P is on its way). */
    private boolean leaveIdle(M m) {
        lock.lock();
        try {
            return idleM.remove(m);
        } finally {
            lock.unlock();
        }
    }

    private long earliestTimer() {
        long next = Long.MAX_VALUE;
        P[] ps = allP;
        for (int i = 0; i < procs; i++) {
            next = Math.min(next, ps[i].timers.nextWhen());
        }
        return next;
    }

    int count() {
        return procs;
    }

    /** {@code runtime.GOMAXPROCS(n)}: sets the number of Ps, answers the previous one. */
    int resize(int n) {
        if (n < 1) {
            return procs;
        }
        java.util.List<P> drained = new java.util.ArrayList<>();
        lock.lock();
        int previous = procs;
        try {
            P[] ps = allP;
            if (n > ps.length) {
                P[] grown = java.util.Arrays.copyOf(ps, n);
                for (int i = ps.length; i < n; i++) {
                    grown[i] = new P(i);
                    grown[i].retired = true;
                }
                allP = ps = grown;
            }
            for (int i = 0; i < ps.length; i++) {
                P p = ps[i];
                boolean retire = i >= n;
                if (p.retired && !retire) {
                    p.retired = false;
                    if (p.owner.get() == null && !idleP.contains(p)) {
                        idleP.push(p);
                        npidle.incrementAndGet();
                    }
                } else if (!p.retired && retire) {
                    p.retired = true;
                    if (idleP.remove(p)) {
                        npidle.decrementAndGet();
                        drained.add(p);
                    }
                }
            }
            procs = n;
        } finally {
            lock.unlock();
        }
        for (P p : drained) {
            drainTo(p); // outside the lock: a sleeper holds a timer lock while it takes this one
        }
        wakep();
        return previous;
    }

    /** Moves a retiring P's goroutines and timers to live Ps. */
    void drainTo(P p) {
        G g;
        while ((g = p.take()) != null) {
            sched.global.put(g);
        }
        TimerHeap target = allP[0].timers;
        if (target != p.timers && p.timers.size() > 0) {
            sched.deadlock.timersMoving();
            p.timers.moveTo(target);
            sched.deadlock.timersMoving();
        }
    }

    P[] all() {
        return allP;
    }

    /**
     * The monitor: work waits (queued goroutines, overdue timers) while a P is idle and nobody
     * looks for work, as when a carrier could not be started for it; wake a carrier.
     */
    void kick() {
        if (npidle.get() > 0 && nmspinning.get() == 0 && workVisible()) {
            wakep();
        }
    }

    /** Retires idle carriers beyond what the Ps need (called by the monitor). */
    void retireSpares() {
        lock.lock();
        try {
            for (M m : idleM) {
                m.unpark(); // each checks its own idle time and retires if it is a spare
            }
        } finally {
            lock.unlock();
        }
    }
}
