package dev.weft.internal.sched;

import dev.weft.SuspendableRunnable;
import dev.weft.internal.Tunables;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.cont.PinnedPark;
import dev.weft.internal.jfr.Recorder;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * weft's M:N scheduler, one per JVM: Go's G-M-P design ({@code proc.go}).
 *
 * <p>Goroutines (G) run on carrier threads (M), each of which must hold a processor (P) to run
 * them; there are {@code maxProcs} Ps. Each P has a bounded lock-free run queue and a
 * {@code runnext} slot that a woken or new goroutine takes, so a goroutine and the one it
 * wakes run back to back on one P. A global queue takes overflow, yields and goroutines made
 * runnable off-carrier. A carrier looks for work in this order: every 61st schedule the global
 * queue (fairness), its own P, the global queue, then it spins stealing half of another P's
 * queue; finding nothing, it gives back its P and parks, until the earliest timer if any.
 *
 * <p>Wake-ups. New work calls {@link #wakep}, which starts one spinning carrier if a P is idle
 * and nobody spins; a spinner that finds work wakes the next before running it, so spinning
 * fans out only while there is work. A carrier about to park rechecks every queue after
 * publishing its P as idle: whoever queued work either saw that P idle (and woke someone) or
 * queued it before the recheck (and the recheck sees it). This is Go's "delicate dance" in
 * {@code findRunnable}.
 *
 * <p>Blocking. A goroutine parks by unwinding; its carrier then commits the park (WAITING) and
 * releases the locks the goroutine parked holding (see {@link G}). A goroutine that cannot
 * unwind pins: its carrier hands its P to another carrier and blocks until the goroutine is
 * readied. The {@link Monitor} takes the P of a carrier stuck in code that never yields.
 *
 * <p>Deadlock. {@link #busy} counts runnable and running goroutines (pinned ones included),
 * pending timers, and plain threads blocked in a weft operation. Whoever wakes something is
 * itself counted while doing it, so the count reaches zero only when nothing can ever wake
 * anything: then every {@code Go.run} whose main goroutine waits fails with Go's message.
 *
 * <p>Rejected designs: a ForkJoinPool (what JDK virtual threads use) gives no runnext hand-off,
 * no per-P timers and no way to tell "every goroutine is asleep"; a single shared queue
 * serializes every wake-up on one lock.
 */
public final class Scheduler {
    private static volatile Scheduler instance;

    final PinnedPark pinnedPark = this::parkPinned;
    private final ReentrantLock lock = new ReentrantLock();
    /** Under {@link #lock}. */
    private final ArrayDeque<P> idleP = new ArrayDeque<>();
    /** Under {@link #lock}. */
    private final ArrayDeque<M> idleM = new ArrayDeque<>();
    private volatile P[] allP;
    private volatile int procs;
    private final AtomicInteger npidle = new AtomicInteger();
    private final AtomicInteger nmspinning = new AtomicInteger();
    private final ConcurrentLinkedQueue<G> global = new ConcurrentLinkedQueue<>();
    private final AtomicInteger globalSize = new AtomicInteger();
    final AtomicInteger busy = new AtomicInteger();
    /** Bumped whenever a goroutine becomes runnable: the deadlock scan's consistency check. */
    private final java.util.concurrent.atomic.AtomicLong transitions = new java.util.concurrent.atomic.AtomicLong();
    /** Plain threads blocked in a weft operation (or sleeping in Go.sleep). */
    final AtomicInteger threadsBlocked = new AtomicInteger();
    /** Timers taken out of a heap whose fire has not finished. */
    final AtomicInteger timersFiring = new AtomicInteger();
    /**
     * When a plain thread last came out of a blocking weft operation. It is likely to act on
     * what it received (send a reply, close a channel) a moment later, outside any weft
     * operation where the scheduler cannot see it; no deadlock is declared within
     * {@link #THREAD_GRACE_NANOS} of that, and the monitor checks again later.
     */
    volatile long threadActivity;
    private static final long THREAD_GRACE_NANOS = 100_000_000L;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger mcount = new AtomicInteger();
    private final AtomicInteger pinned = new AtomicInteger();
    final Set<G> all = ConcurrentHashMap.newKeySet();
    final Set<Run> runs = ConcurrentHashMap.newKeySet();
    private final long carrierStack = Tunables.carrierStack();
    private final boolean random = Tunables.schedRandom();
    private final boolean sites = Tunables.goroutineSites();
    private final Object deadCheck = new Object();


    private Scheduler(int n) {
        P[] ps = new P[n];
        for (int i = 0; i < n; i++) {
            ps[i] = new P(i);
            idleP.push(ps[i]);
        }
        allP = ps;
        procs = n;
        npidle.set(n);
        new Monitor(this).start();
        Recorder.registerSample(this::sample);
    }

    private void sample(dev.weft.internal.jfr.SchedulerSample e) {
        P[] ps = allP;
        int n = procs;
        StringBuilder queues = new StringBuilder();
        for (int i = 0; i < n; i++) {
            queues.append(i == 0 ? "" : " ").append(ps[i].queued());
        }
        e.procs = n;
        e.idleProcs = npidle.get();
        e.runQueues = queues.toString();
        e.globalQueue = globalSize.get();
        e.goroutines = live.get();
        e.busy = busy.get();
        e.pinned = pinned.get();
    }

    public static Scheduler get() {
        Scheduler s = instance;
        if (s == null) {
            synchronized (Scheduler.class) {
                s = instance;
                if (s == null) {
                    instance = s = new Scheduler(Tunables.maxProcs());
                }
            }
        }
        return s;
    }

    // ---- goroutines ------------------------------------------------------------------------

    /** {@code go body}: creates a goroutine of the current one's run and queues it. */
    public G go(SuspendableRunnable body) {
        G parent = G.current();
        return start(body, parent == null ? null : parent.run, parent == null ? 0 : parent.id, false);
    }

    /**
     * Creates and queues a goroutine. The main goroutine of a run is recorded in the run before
     * it is queued: it may end on a carrier before this returns.
     */
    G start(SuspendableRunnable body, Run run, long parentId, boolean main) {
        StackTraceElement site = sites ? Sites.caller() : null;
        G g = new G(body, run, parentId, site, this);
        if (main) {
            run.main = g;
        }
        live.incrementAndGet();
        all.add(g);
        busy.incrementAndGet();
        Recorder.started(g.id, parentId);
        enqueue(g, true);
        return g;
    }

    public int numGoroutine() {
        return live.get();
    }

    public String dump() {
        return Dump.all(this);
    }

    /** Makes a parked goroutine runnable. Callers hold a lock the goroutine parked holding. */
    public void ready(G g) {
        if (g.casState(G.WAITING, G.RUNNABLE)) {
            g.reason = WaitReason.RUNNABLE;
            busy.incrementAndGet();
            enqueue(g, true);
            return;
        }
        if (g.casState(G.PINNED, G.RUNNING)) {
            LockSupport.unpark(g.m);
            return;
        }
        throw new IllegalStateException("weft: goroutine " + g.id + " readied while not parked (state " + g.state() + ")");
    }

    private void enqueue(G g, boolean next) {
        Thread t = Thread.currentThread();
        M m = t instanceof M carrier ? carrier : null;
        P p = m != null ? m.p : null;
        if (p != null && p.enterProduce(m)) {
            try {
                p.put(g, random ? ThreadLocalRandom.current().nextBoolean() : next, this);
            } finally {
                p.exitProduce();
            }
        } else {
            globalPut(g);
        }
        transitions.incrementAndGet();
        wakep();
    }

    void globalPut(G g) {
        global.offer(g);
        globalSize.incrementAndGet();
    }

    private G globalGet() {
        G g = global.poll();
        if (g != null) {
            globalSize.decrementAndGet();
        }
        return g;
    }

    /** Takes a fair share of the global queue into {@code p}'s; answers one to run now. */
    private G globalGetBatch(P p) {
        G first = globalGet();
        if (first == null) {
            return null;
        }
        int share = Math.min(globalSize.get() / Math.max(1, procs) + 1, RunQueue.CAPACITY / 2);
        for (int i = 1; i < share; i++) {
            G g = globalGet();
            if (g == null) {
                break;
            }
            if (!p.runq.offer(g)) {
                globalPut(g);
                break;
            }
        }
        return first;
    }

    // ---- carriers ----------------------------------------------------------------------------

    /** Starts a spinning carrier if some P is idle and no carrier is looking for work. */
    void wakep() {
        if (npidle.get() == 0 || nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        if (!startM(true)) {
            nmspinning.decrementAndGet();
        }
    }

    /** Gives an idle P to an idle (or new) carrier; false if no P is idle. */
    private boolean startM(boolean spinning) {
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
        if (fresh) {
            m = new M(this, mcount.incrementAndGet(), carrierStack);
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
    }

    /**
     * Hands the P that {@code from} holds to another carrier, because {@code from} cannot use it
     * (pinned or stuck). The CAS on the owner makes the pinned carrier and the monitor agree on
     * who gives it away.
     */
    void handoff(P p, M from) {
        if (!p.owner.compareAndSet(from, null)) {
            return; // someone else gave it away
        }
        p.awaitProducers();
        lock.lock();
        boolean retired = p.retired;
        if (!retired) {
            idleP.push(p);
            npidle.incrementAndGet();
        }
        lock.unlock();
        if (retired) {
            drainTo(p); // a retired P never goes back to the idle list
            wakep();
            return;
        }
        if (p.hasWork() || globalSize.get() > 0 || p.timers.size() > 0) {
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

    private void releaseP(M m, P p) {
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

    /**
     * The carrier's scheduling loop: answers the next goroutine to run, holding a P, after
     * parking the carrier for as long as there is none; null when the carrier is to retire.
     */
    G findRunnable(M m) {
        while (true) {
            P p = m.p;
            if (p == null) {
                P given = m.handoff;
                if (given == null) {
                    if (!parkIdle(m)) {
                        return null;
                    }
                    continue;
                }
                m.handoff = null;
                m.p = p = given;
            }
            if (p.owner.get() != m) {
                m.p = null; // the monitor took it while a goroutine held this carrier
                continue;
            }
            if (p.retired) {
                drainTo(p);
                m.p = null;
                p.owner.compareAndSet(m, null); // a retired P never goes back to the idle list
                m.p = acquireIdleP(m); // to run what was drained; busy Ps take from the global queue too
                continue;
            }
            runTimers(p);
            G g;
            if (p.schedTick % 61 == 0 && globalSize.get() > 0 && (g = globalGet()) != null) {
                return found(m, g);
            }
            if ((g = p.take()) != null || (g = produceFromGlobal(m, p)) != null) {
                return found(m, g);
            }
            if (!m.spinning && 2 * nmspinning.get() < procs - npidle.get()) {
                m.spinning = true;
                nmspinning.incrementAndGet();
            }
            if (m.spinning && (g = produceBySteal(m, p)) != null) {
                return found(m, g);
            }
            if (m.spinning) {
                m.spinning = false;
                nmspinning.decrementAndGet();
            }
            releaseP(m, p);
            // Recheck after publishing the P as idle (see the class comment).
            if (workVisible()) {
                P again = acquireIdleP(m);
                if (again != null) {
                    m.p = again;
                    continue;
                }
            }
            if (!parkIdle(m)) {
                return null;
            }
        }
    }

    private G produceFromGlobal(M m, P p) {
        if (!p.enterProduce(m)) {
            return null;
        }
        try {
            return globalGetBatch(p);
        } finally {
            p.exitProduce();
        }
    }

    private G produceBySteal(M m, P p) {
        if (!p.enterProduce(m)) {
            return null;
        }
        try {
            return steal(p);
        } finally {
            p.exitProduce();
        }
    }

    private G found(M m, G g) {
        if (m.spinning) {
            m.spinning = false;
            if (nmspinning.decrementAndGet() == 0) {
                wakep(); // there may be more work: keep one carrier looking
            }
        }
        return g;
    }

    private boolean workVisible() {
        if (globalSize.get() > 0) {
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

    private G steal(P p) {
        P[] ps = allP;
        int n = procs;
        for (int round = 0; round < 4; round++) {
            int start = ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                P v = ps[(start + i) % n];
                if (v == p) {
                    continue;
                }
                runTimers(v);
                G g = v.runq.stealInto(p.runq);
                if (g != null) {
                    return g;
                }
                if (round == 3) {
                    G next = v.runnext.get();
                    if (next != null && v.runnext.compareAndSet(next, null)) {
                        return next;
                    }
                }
            }
            G g = globalGetBatch(p);
            if (g != null) {
                return g;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /** Parks an idle carrier until it is handed a P or a timer is due; false to retire it. */
    private boolean parkIdle(M m) {
        if (m.spinning) {
            // Whatever path brought a spinning carrier here (its P retired or taken), it stops
            // spinning: a count left behind would keep wakep from ever starting a carrier. The
            // last spinner rechecks: a wakep that saw it spinning relied on it to find the work.
            m.spinning = false;
            if (nmspinning.decrementAndGet() == 0 && workVisible()) {
                wakep();
            }
        }
        lock.lock();
        try {
            idleM.push(m);
            m.idleSince = System.nanoTime();
        } finally {
            lock.unlock();
        }
        while (m.handoff == null) {
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
                LockSupport.parkNanos(this, 100_000);
                continue;
            }
            LockSupport.parkNanos(this, Math.min(next - now, 1_000_000_000L));
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

    /** Runs {@code g} on {@code m} until it parks or ends, then commits what it did. */
    void execute(M m, G g) {
        P p = m.p;
        g.m = m;
        g.reason = WaitReason.RUNNING;
        g.setState(G.RUNNING);
        m.g = g;
        if (p != null) {
            p.schedTick++;
        }
        boolean done;
        Throwable failure = null;
        try {
            done = g.cont.run();
        } catch (Throwable t) {
            done = true;
            failure = t;
        }
        m.g = null;
        if (done) {
            exit(g, failure);
            return;
        }
        if (g.parkKind == G.YIELD) {
            g.parkKind = 0;
            g.reason = WaitReason.RUNNABLE;
            g.setState(G.RUNNABLE);
            globalPut(g);
            wakep();
            return;
        }
        g.parkKind = 0;
        g.setState(G.WAITING);
        g.releaseParkLocks();
        if (busy.decrementAndGet() == 0) {
            checkDead();
        }
    }

    private void exit(G g, Throwable failure) {
        g.setState(G.DEAD);
        g.reason = WaitReason.RUNNING;
        all.remove(g);
        live.decrementAndGet();
        Recorder.ended(g.id, failure != null);
        Run r = g.run;
        if (r != null && r.main == g) {
            r.mainEnded(failure);
        } else if (failure != null) {
            Panics.report(g, failure);
            if (r != null) {
                r.panicked(failure);
            }
        }
        if (busy.decrementAndGet() == 0) {
            checkDead();
        }
    }

    /** What a park that cannot unwind does: blocks the carrier, whose P goes to another. */
    private void parkPinned(Continuation c) {
        G g = G.current();
        if (g == null) {
            return; // a continuation run outside the scheduler: nothing to wait for
        }
        M m = g.m;
        if (g.parkKind == G.YIELD) {
            g.parkKind = 0;
            Thread.yield();
            return;
        }
        g.parkKind = 0;
        pinned.incrementAndGet();
        Recorder.pinned(g.id, g.reason.toString());
        P p = m.p;
        m.p = null;
        g.setState(G.PINNED);
        if (p != null) {
            handoff(p, m);
        }
        g.releaseParkLocks();
        while (g.state() == G.PINNED) {
            LockSupport.park(this);
        }
        pinned.decrementAndGet();
        g.reason = WaitReason.RUNNING;
        m.p = acquireIdleP(m); // may be null: the goroutine then runs beyond maxProcs until it parks
    }

    int pinnedCount() {
        return pinned.get();
    }

    // ---- parking (called by blocking operations) ---------------------------------------------

    /**
     * Blocks a plain thread's operation until its waiter is done. The caller holds {@code held}
     * and the waiter is queued; the thread counts as busy while it waits (see the class comment).
     */
    public void blockThread(Waiter w, java.util.concurrent.locks.Lock held) {
        blockThread(new Waiter[] {w}, new java.util.concurrent.locks.Lock[] {held});
    }

    /** As {@link #blockThread(Waiter, java.util.concurrent.locks.Lock)}, for a select's waiters. */
    public void blockThread(Waiter[] ws, java.util.concurrent.locks.Lock[] held) {
        busy.incrementAndGet();
        threadsBlocked.incrementAndGet();
        for (int i = held.length - 1; i >= 0; i--) {
            held[i].unlock();
        }
        boolean interrupted = false;
        while (!anyDone(ws)) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // weft operations are not interruptible, as in Go
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        threadActivity = System.nanoTime();
        threadsBlocked.decrementAndGet();
        transitions.incrementAndGet();
        busy.decrementAndGet();
    }

    private static boolean anyDone(Waiter[] ws) {
        for (Waiter w : ws) {
            if (w != null && w.done) {
                return true;
            }
        }
        return false;
    }

    /** A plain thread's {@code select {}}: it can never wake anything, so it does not count as busy. */
    public void blockThreadForever() {
        while (true) {
            LockSupport.park(this);
            Thread.interrupted(); // never returns, so an interrupt must not turn this into a spin
        }
    }

    /** Wakes a waiter's owner after its fields are set. Callers hold the lock it parked holding. */
    public void wake(Waiter w) {
        w.done = true;
        if (w.g != null) {
            ready(w.g);
        } else {
            LockSupport.unpark(w.thread);
        }
    }

    // ---- timers --------------------------------------------------------------------------

    /** The timer heap a new timer goes into: the current P's, or the first P's off-carrier. */
    TimerHeap heapForNewTimer() {
        Thread t = Thread.currentThread();
        P p = t instanceof M m ? m.p : null;
        return p != null ? p.timers : allP[0].timers;
    }

    /** A timer became pending: counts as busy; wakes a carrier so someone waits for it. */
    void timerAdded() {
        transitions.incrementAndGet();
        busy.incrementAndGet();
        wakep();
    }

    /** A pending timer was stopped or has fired for the last time. */
    void timerDone() {
        if (busy.decrementAndGet() == 0) {
            checkDead();
        }
    }

    /** Runs {@code p}'s due timers; reads the clock only if some timer is pending. */
    private void runTimers(P p) {
        long next = p.timers.nextWhen();
        if (next == Long.MAX_VALUE) {
            return;
        }
        long now = System.nanoTime();
        if (next > now) {
            return;
        }
        List<TimerHeap.Due> due = p.timers.takeDue(now, timersFiring);
        if (due == null) {
            return;
        }
        for (TimerHeap.Due d : due) {
            try {
                d.timer().fire(now, d.seq());
            } catch (Throwable e) {
                Panics.report(null, e);
            }
            timersFiring.decrementAndGet();
            if (d.last()) {
                timerDone();
            }
        }
    }

    // ---- deadlock ------------------------------------------------------------------------

    /**
     * Called when {@link #busy} reaches zero, and by the monitor whenever every P is idle. The
     * counter only triggers the check; the verdict comes from a scan of every goroutine, timer
     * heap and blocked thread, taken twice around a read of {@link #transitions}: if anything
     * was readied or started in between, the scan may have seen a mix of before and after, and
     * nothing is declared.
     */
    void checkDead() {
        if (!Tunables.deadlockDetection() || runs.isEmpty()) {
            return;
        }
        if (System.nanoTime() - threadActivity < THREAD_GRACE_NANOS) {
            return;
        }
        synchronized (deadCheck) {
            long before = transitions.get();
            if (!allAsleep() || transitions.get() != before) {
                return;
            }
            String dump = null;
            for (Run r : runs) {
                if (!r.isFinished() && r.main != null && r.main.state() == G.WAITING) {
                    if (dump == null) {
                        dump = Dump.all(this);
                        Recorder.deadlock(dump);
                    }
                    r.deadlocked(dump);
                }
            }
        }
    }

    /**
     * No goroutine can run, no timer is pending and no plain thread waits in weft. Goroutine
     * states are read first: a goroutine that is running then could still add a timer, so one
     * seen asleep everywhere can no longer add one; timers are read heaps first, then those
     * firing (a timer is counted as firing before it leaves its heap).
     */
    private boolean allAsleep() {
        for (G g : all) {
            int s = g.state();
            if (s != G.WAITING && s != G.DEAD) {
                return false;
            }
        }
        for (P p : allP) {
            if (p.timers.nextWhen() != Long.MAX_VALUE) {
                return false;
            }
        }
        return timersFiring.get() == 0 && threadsBlocked.get() == 0;
    }

    /** The monitor: every P idle and nobody looking for work; if runs wait, check for deadlock. */
    void checkIdle() {
        if (!runs.isEmpty() && npidle.get() >= procs && nmspinning.get() == 0) {
            checkDead();
        }
    }

    // ---- procs ---------------------------------------------------------------------------

    public int maxProcs() {
        return procs;
    }

    /** {@code runtime.GOMAXPROCS(n)}: sets the number of Ps, answers the previous one. */
    public int maxProcs(int n) {
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
    private void drainTo(P p) {
        G g;
        while ((g = p.take()) != null) {
            globalPut(g);
        }
        TimerHeap target = allP[0].timers;
        if (target != p.timers) {
            p.timers.moveTo(target);
        }
    }

    // ---- monitor support -------------------------------------------------------------------

    P[] processors() {
        return allP;
    }

    int procCount() {
        return procs;
    }

    int idleProcs() {
        return npidle.get();
    }

    int spinning() {
        return nmspinning.get();
    }

    int globalQueued() {
        return globalSize.get();
    }

    /** The monitor's retake: {@code p}'s carrier is stuck; give the P to another carrier. */
    void retake(P p, M stuck) {
        handoff(p, stuck);
    }

    /** The monitor: timers are overdue and nobody runs them; wake a carrier. */
    void kickTimers(long now) {
        if (earliestTimer() <= now && nmspinning.get() == 0) {
            if (npidle.get() > 0) {
                wakep();
            }
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
