package dev.weft.internal.sched;

import dev.weft.SuspendableRunnable;
import dev.weft.internal.CallSites;
import dev.weft.internal.Tunables;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.cont.PinnedPark;
import dev.weft.internal.jfr.Recorder;
import dev.weft.internal.race.Actors;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * weft's M:N scheduler, one per JVM: Go's G-M-P design, as {@code proc.go} describes it.
 *
 * <p>The parts. Goroutines (G, {@link G}) run on carrier threads (M, {@link M}), each of which
 * must hold a processor (P, {@link P}) to run them; there are {@code maxProcs} Ps. Each P has
 * a bounded lock-free run queue ({@link RunQueue}), a {@code runnext} slot and a timer heap.
 * The {@link GlobalRunQueue} takes what no local queue can; the {@link Monitor} (Go's sysmon)
 * preempts and retakes; the {@link DeadlockDetector} tells when everything is asleep; {@link Procs}
 * owns the Ps, the idle lists of Ps and Ms and the starting, parking and hand-off of carriers.
 * This class runs goroutines through the steps below.
 *
 * <p>1. Spawn ({@link #start}). The G is registered ({@link #all}, {@link #live}) and counted
 * busy before it is queued, so no deadlock scan can miss it. It goes into the current P's
 * {@code runnext}, kicking the previous occupant into the ring, so a goroutine and the one it
 * starts or wakes run back to back; off a carrier, or on a carrier whose P was just retaken,
 * it goes to the global queue. Then {@link Procs#wakep}.
 *
 * <p>2. Park ({@link #execute}). A goroutine parks by unwinding, holding the lock of what it
 * waits on; back on its carrier, {@code execute} sets WAITING (a volatile write) and only then
 * releases the lock (see {@link Parking}). A waker that takes the lock therefore sees WAITING:
 * the unlock orders the state write before the waker's lock acquisition. A goroutine that
 * cannot unwind pins instead ({@link #parkPinned}): its carrier hands its P on (step 5) and
 * blocks in place until readied.
 *
 * <p>3. Wake ({@link #ready}). CAS WAITING to RUNNABLE (so exactly one waker queues it), count
 * it busy, queue it as in step 1. A pinned goroutine is CAS'd PINNED to RUNNING, counted busy again, and its carrier
 * unparked. Publication into runnext is an atomic swap, a full fence; into a ring it is the
 * slot store, then {@code tail} with release, then the end of the produce section, a volatile
 * store; into the global queue, its lock. Each orders the queue write before
 * {@link Procs#wakep}'s read of {@link Procs#npidle} (the producer's half of the idle recheck in
 * step 4).
 *
 * <p>4. Find work ({@link #findRunnable}), in this order: due timers; every
 * {@value #GLOBAL_FAIRNESS_TICKS}th schedule the global queue first, so a P busy with its own
 * queue still serves it; the P's runnext and ring; a batch of the global queue; the network
 * ({@link NetPoller#poll}, which readies into this P the goroutines whose sockets are ready);
 * then, spinning, steal half of another P's ring ({@link RunQueue#stealInto}: acquire loads of
 * the victim's head and tail, a CAS of its head to claim the slots). Spinning is bounded: at most half the
 * busy Ps' carriers spin ({@code 2 * nmspinning < busy Ps}), and a spinner that finds work wakes
 * the next ({@link #found}), so spinning fans out only while there is work. A carrier that
 * finds nothing publishes its P as idle (under the idle lists' lock, then an atomic increment of
 * {@link Procs#npidle}: a full fence) and only then rechecks every queue ({@link Procs#workVisible}):
 * whoever queued work either saw that P idle and woke someone, or queued it before the recheck,
 * which sees it. This is Go's "delicate dance". The last P to go idle tells the netpoller, whose
 * thread then blocks in the selector for everyone. Then it parks until handed a P or until the
 * earliest timer.
 *
 * <p>5. Hand-off ({@link Procs#handoff}). A carrier that cannot use its P (pinned, stuck in blocking
 * code, or inside a nested {@code Go.run}) gives it to another: a CAS of {@link P#owner} from
 * that carrier to null decides who gives it away (the carrier itself or the monitor's
 * {@link #retake}), and the giver waits for the old owner's {@link P#enterProduce} section to
 * end (a Dekker pairing of two volatiles: the owner writes {@code producing} then reads
 * {@code owner}; the retaker CASes {@code owner} then reads {@code producing}), so the ring
 * never has two producers. The P then goes to the idle list and, if it has work, straight to
 * an idle or new carrier ({@link Procs#startM}: {@code owner} then {@code handoff} are written,
 * both volatile, before the carrier is unparked and reads them).
 *
 * <p>Faults. A carrier survives what happens on it: a goroutine's Throwable ends that goroutine
 * ({@link #exit}), and a fault in the scheduler's own code (an {@code OutOfMemoryError} while
 * queuing, reporting or starting a thread) is caught by the carrier's loop ({@link M#run}),
 * reported, and the carrier goes on with its P; the queues allocate nothing, so no goroutine is
 * lost to one. A carrier thread that dies anyway is noticed by the monitor, which gives its P
 * to another carrier.
 *
 * <p>Rejected designs. A {@code ForkJoinPool}, what JDK virtual threads use, gives no runnext
 * hand-off, no per-P timers and no way to tell "every goroutine is asleep". A single shared
 * queue serializes every wake-up on one lock. A lock-free global queue of allocated nodes
 * ({@code ConcurrentLinkedQueue}) can lose a goroutine to an {@code OutOfMemoryError} between
 * taking it off one queue and putting it on another; Go's intrusive list under a lock cannot.
 * Parking idle carriers on one shared condition wakes them all for one goroutine; each M parks
 * on its own and is handed its P directly, as Go's {@code notewakeup(&mp.park)}.
 */
public final class Scheduler {
    /**
     * Every this many schedules a P looks at the global queue before its own, as Go's
     * {@code schedtick % 61}: without it, two goroutines that keep waking each other through
     * runnext would starve the global queue. A prime, so it does not beat with periodic
     * workloads.
     */
    static final int GLOBAL_FAIRNESS_TICKS = 61;
    /** Passes over every other P a spinning carrier makes before it gives up, as Go's {@code stealTries}. */
    static final int STEAL_ROUNDS = 4;
    /** How long a thief leaves a busy P's runnext alone ({@link #stealNext}). */
    static final long RUNNEXT_GRACE_NANOS = 3_000L;

    /**
     * Classes that waking and failing use, loaded and initialized with the scheduler: loading a
     * class, or running its static initializer, takes heap, so its first use must not come when
     * the heap is full. A goroutine that dies of an {@code OutOfMemoryError} still wakes whom it
     * must on its way out (a {@code finally} that calls {@code wg.done()}), and its run must
     * still fail cleanly.
     */
    private static final Class<?>[] LOADED_AT_START = {
        ThreadBlocking.class, Panics.class, Dump.class, DeadlockDetector.class, Run.class,
        dev.weft.GoroutinePanicException.class, dev.weft.DeadlockException.class, InternalError.class,
        java.io.StringWriter.class, java.io.PrintWriter.class,
    };

    private static volatile Scheduler instance;

    final PinnedPark pinnedPark = new PinnedPark() {
        @Override
        public void park(Continuation c) {
            parkPinned(c);
        }

        @Override
        public void abandon(Continuation c) {
            abandonPark();
        }
    };
    final DeadlockDetector deadlock = new DeadlockDetector(this);
    final GlobalRunQueue global = new GlobalRunQueue();
    final Procs procs;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger pinned = new AtomicInteger();
    final AllGoroutines all = new AllGoroutines();
    final Set<Run> runs = ConcurrentHashMap.newKeySet();
    private final boolean random = Tunables.schedRandom();
    /** Whether {@code go} records where it was called ({@link G#createdAt}); a tool may turn it on. */
    volatile boolean sites = Tunables.goroutineSites();
    private volatile Monitor monitor;
    /** The netpoller, once a socket was opened: carriers poll it when they run out of goroutines. */
    private volatile NetPoller netpoller;
    /** How many Ps the monitor has retaken ({@link #retake}); written by the monitor alone. */
    private volatile long retakes;

    private Scheduler(int n) {
        for (Class<?> c : LOADED_AT_START) {
            initialize(c);
        }
        procs = new Procs(this, n);
        monitor = new Monitor(this);
        monitor.start();
        Recorder.registerSample(this::sample);
        Recorder.registerLive(() -> Goroutines.groups(this));
    }

    private void sample(dev.weft.internal.jfr.SchedulerSample e) {
        P[] ps = procs.all();
        int n = procs.count();
        StringBuilder queues = new StringBuilder();
        for (int i = 0; i < n; i++) {
            queues.append(i == 0 ? "" : " ").append(ps[i].queued());
        }
        e.procs = n;
        e.idleProcs = procs.npidle.get();
        e.runQueues = queues.toString();
        e.globalQueue = global.size();
        e.goroutines = live.get();
        int running = 0;
        int runnable = global.size();
        int timers = 0;
        for (int i = 0; i < n; i++) {
            M m = ps[i].owner.get();
            running += m != null && m.g != null ? 1 : 0;
            runnable += ps[i].queued();
            timers += ps[i].timers.size();
        }
        int pinnedNow = pinned.get();
        e.running = running;
        e.runnable = runnable;
        e.waiting = Math.max(0, e.goroutines - running - runnable - pinnedNow);
        e.timers = timers;
        e.pinned = pinnedNow;
        e.carriers = procs.mcount.get();
        e.retakes = retakes;
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("weft: a class of the runtime is missing: " + c.getName(), e);
        }
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
        return go(body, null);
    }

    /**
     * {@code go body} from something the goroutine is ordered after besides the code running
     * now, for the race detector: a timer that fires it (its start or reset released into it).
     */
    public G go(SuspendableRunnable body, Object raceAfter) {
        G parent = G.current();
        return start(body, parent == null ? null : parent.run, parent == null ? 0 : parent.id, false, raceAfter);
    }

    /**
     * Step 1: creates and queues a goroutine. Everything that can fail (allocation) happens
     * before anything is counted, so a failure leaves no trace. The main goroutine of a run is
     * recorded in the run before it is queued: it may end on a carrier before this returns.
     */
    G start(SuspendableRunnable body, Run run, long parentId, boolean main, Object raceAfter) {
        StackTraceElement site = sites || Recorder.startsRecorded() ? CallSites.outsideWeft() : null;
        G g = new G(body, run, parentId, site, this, main, raceAfter);
        all.add(g);
        if (main) {
            run.main = g;
        }
        live.incrementAndGet();
        deadlock.goroutineBusy();
        Recorder.started(g.id, parentId, site);
        enqueue(g);
        return g;
    }

    /** The netpoller has started: from now on carriers poll it before they steal or go idle. */
    public void netpollerStarted(NetPoller np) {
        netpoller = np;
    }

    /** Whether every P is idle: no carrier runs goroutines, nor will until one is readied. */
    public boolean allProcsIdle() {
        return procs.npidle.get() == procs.count();
    }

    public int numGoroutine() {
        return live.get();
    }

    public String dump() {
        return Dump.all(this);
    }

    /**
     * Step 3: makes a parked goroutine runnable. The caller has taken it off every wait queue
     * under the lock it parked holding (see {@link Parking#wake}).
     */
    void ready(G g) {
        if (g.casState(G.WAITING, G.RUNNABLE)) {
            g.setReason(WaitReason.RUNNABLE);
            deadlock.goroutineBusy();
            enqueue(g);
            return;
        }
        if (g.casState(G.PINNED, G.RUNNING)) {
            deadlock.goroutineUnpinned();
            LockSupport.unpark(g.m);
            return;
        }
        if (g.abandonedWait) {
            return; // the wake of a wait that strict mode abandoned (see abandonPark)
        }
        throw new IllegalStateException("weft: goroutine " + g.id + " readied while not parked (state " + g.state() + ")");
    }

    /**
     * Queues a runnable goroutine into the current P's runnext (see step 1), or the global queue.
     * Randomized, a new goroutine may also go behind the others, as Go's -race does.
     */
    private void enqueue(G g) {
        Thread t = Thread.currentThread();
        M m = t instanceof M carrier ? carrier : null;
        P p = m != null ? m.p : null;
        if (p == null) {
            global.put(g);
        } else if (!random || ThreadLocalRandom.current().nextBoolean()) {
            G kicked = p.putNext(g, this);
            if (kicked != null) {
                putRing(m, p, kicked);
            }
        } else {
            putRing(m, p, g);
        }
        procs.wakep();
    }

    /** Into {@code p}'s ring if {@code m} still owns it, else the global queue. */
    private void putRing(M m, P p, G g) {
        if (p.enterProduce(m)) {
            try {
                p.putRing(g, this);
            } finally {
                p.exitProduce();
            }
        } else {
            global.put(g);
        }
    }

    // ---- carriers ----------------------------------------------------------------------------

    /**
     * Step 4, the carrier's scheduling loop: answers the next goroutine to run, holding a P,
     * after parking the carrier for as long as there is none; null when the carrier is to retire.
     */
    G findRunnable(M m) {
        while (true) {
            P p = m.p;
            if (p == null) {
                P given = m.handoff;
                if (given != null) {
                    m.handoff = null;
                } else if (procs.workVisible()) {
                    // back from blocking code whose P went to another, or no carrier could be started for the work
                    given = procs.acquireIdleP(m);
                }
                if (given == null) {
                    if (!procs.parkIdle(m)) {
                        return null;
                    }
                    continue;
                }
                m.p = p = given;
            }
            if (p.owner.get() != m) {
                m.p = null; // the monitor took it while a goroutine held this carrier
                continue;
            }
            if (p.retired) {
                procs.drainTo(p);
                m.p = null;
                p.owner.compareAndSet(m, null); // a retired P never goes back to the idle list
                m.p = procs.acquireIdleP(m); // to run what was drained; busy Ps take from the global queue too
                continue;
            }
            Timers.runDue(p, deadlock);
            G g;
            if (p.schedTick % GLOBAL_FAIRNESS_TICKS == 0 && global.size() > 0 && (g = global.get()) != null) {
                return found(m, g);
            }
            if ((g = p.take()) != null || (g = produceFromGlobal(m, p)) != null) {
                return found(m, g);
            }
            NetPoller np = netpoller;
            if (np != null && np.poll() && (g = p.take()) != null) {
                return found(m, g);
            }
            if (!m.spinning && 2 * procs.nmspinning.get() < procs.count() - procs.npidle.get()) {
                m.spinning = true;
                procs.nmspinning.incrementAndGet();
            }
            if (m.spinning && (g = steal(m, p)) != null) {
                return found(m, g);
            }
            procs.stopSpinning(m);
            procs.releaseP(m, p);
            if (np != null && allProcsIdle()) {
                np.procsIdle();
            }
            // Recheck after publishing the P as idle (step 4).
            if (procs.workVisible()) {
                P again = procs.acquireIdleP(m);
                if (again != null) {
                    m.p = again;
                    continue;
                }
            }
            if (!procs.parkIdle(m)) {
                return null;
            }
        }
    }

    private G produceFromGlobal(M m, P p) {
        if (!p.enterProduce(m)) {
            return null;
        }
        try {
            return global.getBatch(p.runq, procs.count(), RunQueue.CAPACITY / 2);
        } finally {
            p.exitProduce();
        }
    }

    private G found(M m, G g) {
        if (procs.stopSpinning(m)) {
            procs.wakep(); // there may be more work: keep one carrier looking
        }
        return g;
    }

    /**
     * Only {@code p}'s owner {@code m}, spinning: runs other Ps' due timers and steals half of
     * another P's ring into {@code p}'s, and on the last round takes a victim's runnext too (Go
     * leaves runnext alone until then: its goroutine is about to run where it is, and moving it
     * costs a cache).
     *
     * <p>A victim's timers run outside {@code p}'s produce section: firing them readies
     * goroutines into {@code p} through {@link #enqueue}, whose own produce section would end
     * this one early and let a retaker give {@code p} away while this carrier still writes its
     * ring. What they readied is then taken first, as Go's {@code stealWork} does after
     * {@code checkTimers}: those goroutines are runnable here already.
     */
    private G steal(M m, P p) {
        P[] ps = procs.all();
        int n = procs.count();
        for (int round = 0; round < STEAL_ROUNDS; round++) {
            boolean last = round == STEAL_ROUNDS - 1;
            int start = ThreadLocalRandom.current().nextInt(n);
            for (int i = 0; i < n; i++) {
                P v = ps[(start + i) % n];
                if (v == p) {
                    continue;
                }
                G g;
                if (Timers.runDue(v, deadlock) && (g = p.take()) != null) {
                    return g;
                }
                if ((g = stealRing(m, p, v)) != null) {
                    return g;
                }
                if (p.owner.get() != m) {
                    return null; // retaken: findRunnable sees it
                }
                if (last) {
                    // The runnext grace may have let the victim queue more: its ring once more.
                    if ((g = stealNext(m, p, v)) != null || (g = stealRing(m, p, v)) != null) {
                        return g;
                    }
                }
            }
            G g = produceFromGlobal(m, p);
            if (g != null) {
                return g;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /** Half of {@code v}'s ring into {@code p}'s, answering one of them; null if none, or if {@code p} was retaken. */
    private static G stealRing(M m, P p, P v) {
        if (!p.enterProduce(m)) {
            return null;
        }
        try {
            return v.runq.stealInto(p.runq);
        } finally {
            p.exitProduce();
        }
    }

    /**
     * Takes {@code v}'s runnext, as a last resort. If {@code v}'s carrier is running a goroutine,
     * first waits {@value #RUNNEXT_GRACE_NANOS} ns: the goroutine that readied this one into
     * runnext is very likely about to park (a channel hand-off), and its carrier would run it
     * next with every cache warm; stolen at once, the two goroutines of a hand-off bounce
     * between carriers, each switch a wake-up of another thread. Go's {@code runqgrab} sleeps
     * 3 us for the same reason. Spinning rather than sleeping: a sleep that short overshoots by
     * the kernel's timer slack. If the carrier scheduled meanwhile, the slot's goroutine is not
     * stuck there (the two goroutines of a hand-off take turns in it, so it may even be the same
     * one again): it is left alone.
     */
    private static G stealNext(M m, P p, P v) {
        G next = v.runnext.get();
        if (next == null) {
            return null;
        }
        if (v.owner.get() != null) {
            // Looking only at the clock meanwhile: each look at the slot would take its cache
            // line from the carrier that writes it on every hand-off.
            long tick = v.schedTick;
            long until = System.nanoTime() + RUNNEXT_GRACE_NANOS;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (v.schedTick != tick) {
                return null; // it scheduled meanwhile: what the slot holds now was readied since
            }
            if (p.owner.get() != m) {
                return null; // retaken meanwhile: a carrier without a P runs nothing
            }
        }
        return v.runnext.compareAndSet(next, null) ? next : null;
    }

    /**
     * Runs {@code g} on {@code m} until it parks or ends, then commits what it did (step 2).
     * The goroutine's interrupt status is its own: set on the carrier while it runs, saved in
     * {@link G#interrupted} while it is parked, never left for the next goroutine.
     */
    void execute(M m, G g) {
        P p = m.p;
        g.setCarrier(m);
        g.setReason(WaitReason.RUNNING);
        g.setState(G.RUNNING);
        m.setRunning(g);
        if (p != null) {
            p.tick();
        }
        if (g.interrupted) {
            g.interrupted = false;
            m.interrupt();
        }
        if (g.parkEvent != null) {
            Parking.parkEventEnds(m, g, true);
        }
        runStarted(m, g);
        boolean done;
        Throwable failure = null;
        try {
            done = g.run();
        } catch (Throwable t) {
            done = true;
            failure = t;
        }
        m.setRunning(null);
        runStopped(m);
        boolean interrupted = Thread.interrupted();
        if (done) {
            exit(g, failure);
            return;
        }
        g.interrupted = interrupted;
        if (m.parkKind == M.YIELD) {
            m.parkKind = 0;
            g.setReason(WaitReason.RUNNABLE);
            g.setState(G.RUNNABLE);
            global.put(g);
            procs.wakep();
            return;
        }
        m.parkKind = 0;
        g.setState(G.WAITING);
        m.releaseParkLocks();
        deadlock.goroutineIdle();
    }

    /** A run of {@code g} on {@code m}, on its P if it has one, begins: recorded if runs are. */
    private static void runStarted(M m, G g) {
        if (Recorder.runsRecorded()) {
            m.runEvent = Recorder.runBegins(g.id, m.p == null ? -1 : m.p.id);
        }
    }

    /** The run recorded on {@code m}, if any, stops (it parked, pinned or ended). */
    private static void runStopped(M m) {
        Object e = m.runEvent;
        if (e != null) {
            m.runEvent = null;
            Recorder.runEnds(e);
        }
    }

    /**
     * A goroutine has ended, with {@code failure} if it died of one. Its accounting comes first
     * and cannot fail; the report and recording after it may (out of memory) without losing
     * the run's verdict.
     */
    private void exit(G g, Throwable failure) {
        g.setState(G.DEAD);
        g.setReason(WaitReason.RUNNING);
        if (g.race != null) {
            Actors.ended(g.race);
        }
        g.cachedWaiter().reset(null); // a stale run-queue slot may keep g: it keeps no value
        all.remove(g);
        live.decrementAndGet();
        Run r = g.run;
        if (r != null && r.main == g) {
            r.mainEnded(failure);
        } else if (failure != null) {
            Panics.report(g, failure);
            if (r != null) {
                r.panicked(failure);
            }
        }
        try {
            Recorder.ended(g.id, failure != null);
        } catch (Throwable t) {
            // a flight-recorder event that cannot be allocated is dropped
        }
        deadlock.goroutineIdle();
    }

    /**
     * A fault in the scheduler's own code on carrier {@code m}, outside any goroutine's body
     * (see "Faults" above): the carrier's loop caught it and goes on. Whatever the carrier was
     * doing is abandoned; it keeps its P, if the P is still its own, and stops spinning. Never
     * throws: it allocates nothing outside the report's own guard.
     */
    void carrierFault(M m, Throwable t) {
        m.g = null;
        procs.stopSpinning(m);
        Panics.internalFault(t);
    }

    /**
     * The monitor found {@code m}, which owns {@code p}, dead: a carrier that died of something
     * its loop could not catch. Its goroutine, if it had one, ends with that failure; its P goes
     * to another carrier, with every goroutine queued on it.
     */
    void carrierDied(P p, M m) {
        G g = m.g;
        if (g != null && g.state() == G.RUNNING && g.m == m) {
            m.g = null;
            Throwable cause = m.death != null ? m.death : new IllegalStateException("no failure recorded");
            exit(g, new InternalError("weft: carrier " + m.getName() + " died running goroutine " + g.id, cause));
        }
        procs.stopSpinning(m);
        procs.mcount.decrementAndGet();
        procs.handoff(p, m);
    }

    /**
     * A park that cannot unwind throws instead (strict mode): the locks it was to release once
     * committed are released, so nothing else waits on them. What it queued stays queued (a
     * waiter, a sleep's timer) and may still wake the goroutine: such a wake of a goroutine
     * that is not parked is ignored, and one that finds it parked again is a spurious wake,
     * which a wait on a channel or lock survives. The goroutine is failing anyway.
     */
    private void abandonPark() {
        G g = G.current();
        if (g == null) {
            return;
        }
        M m = g.m;
        m.parkKind = 0;
        g.parkEvent = null;
        g.abandonedWait = true;
        m.releaseParkLocks();
    }

    /** What a park that cannot unwind does: blocks the carrier, whose P goes to another. */
    private void parkPinned(Continuation c) {
        G g = G.current();
        if (g == null) {
            return; // a continuation run outside the scheduler: nothing to wait for
        }
        M m = g.m;
        if (m.parkKind == M.YIELD) {
            m.parkKind = 0;
            Thread.yield();
            return;
        }
        m.parkKind = 0;
        pinned.incrementAndGet();
        runStopped(m);
        Object pin = Recorder.pinBegins(g.id, g.reason.toString(), c.pinnedAt());
        P p = m.p;
        m.p = null;
        g.setState(G.PINNED);
        if (p != null) {
            procs.handoff(p, m);
        }
        m.releaseParkLocks();
        // Pinned in a weft wait, it is as asleep as a parked goroutine: it wakes only when
        // something weft sees readies it.
        deadlock.goroutineIdle();
        boolean interrupted = false;
        while (g.state() == G.PINNED) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // kept for the goroutine, which is still on this thread
        }
        if (interrupted) {
            m.interrupt();
        }
        pinned.decrementAndGet();
        if (pin != null) {
            Recorder.pinEnds(pin);
        }
        g.setReason(WaitReason.RUNNING);
        m.p = procs.acquireIdleP(m); // may be null: the goroutine then runs beyond maxProcs until it parks
        runStarted(m, g);
    }

    int pinnedCount() {
        return pinned.get();
    }

    // ---- timers --------------------------------------------------------------------------

    /** The timer heap a new timer goes into: the current P's, or the first P's off-carrier. */
    TimerHeap heapForNewTimer() {
        Thread t = Thread.currentThread();
        P p = t instanceof M m ? m.p : null;
        return p != null ? p.timers : procs.all()[0].timers;
    }

    /** A timer became pending: counts as busy; wakes a carrier so someone waits for it. */
    void timerArmed() {
        deadlock.timerArmed();
        procs.wakep();
    }

    // ---- deadlock ------------------------------------------------------------------------

    /** The monitor: every P idle and nobody looking for work; if runs wait, check for deadlock. */
    void checkIdle() {
        if (procs.npidle.get() >= procs.count() && procs.nmspinning.get() == 0) {
            deadlock.checkDead();
        }
    }

    /**
     * Called by every {@code Go.run} caller while it waits: the monitor thread must be alive
     * for preemption, retakes and timers. A monitor that died is started again; false if that
     * is impossible too, and the runtime cannot go on.
     */
    boolean ensureMonitor() {
        Monitor mon = monitor;
        if (mon.isAlive()) {
            return true;
        }
        synchronized (this) {
            if (monitor != mon) {
                return monitor.isAlive();
            }
            try {
                Monitor fresh = new Monitor(this);
                fresh.start();
                monitor = fresh;
                return true;
            } catch (Throwable t) {
                return false;
            }
        }
    }

    // ---- procs ---------------------------------------------------------------------------

    public int maxProcs() {
        return procs.count();
    }

    /** {@code runtime.GOMAXPROCS(n)}: sets the number of Ps, answers the previous one. */
    public int maxProcs(int n) {
        return procs.resize(n);
    }

    P[] processors() {
        return procs.all();
    }

    // ---- monitor support -------------------------------------------------------------------

    /** How many Ps the monitor has retaken since the start (the scheduler sample shows it too). */
    public long retakes() {
        return retakes;
    }

    /** The monitor's retake: {@code p}'s carrier is stuck; give the P to another carrier. */
    void retake(P p, M stuck) {
        retakes++; // only the monitor retakes
        procs.handoff(p, stuck);
    }

}
