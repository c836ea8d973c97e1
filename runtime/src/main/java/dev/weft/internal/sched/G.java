package dev.weft.internal.sched;

import dev.weft.SuspendableRunnable;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.race.Actor;
import dev.weft.internal.race.Actors;
import dev.weft.internal.race.RaceMode;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A goroutine: a continuation plus what the scheduler and dumps need to know about it. It is
 * its {@link Continuation} (and so its frame stack) by inheritance rather than through a
 * reference, so a parked goroutine is one object where it was three.
 *
 * <p>States (Go's {@code _Grunnable} ... in {@code runtime2.go}):
 * <pre>
 *   RUNNABLE --carrier picks it--> RUNNING --body ends--> DEAD
 *   RUNNING --parks, unwinds, carrier commits--> WAITING --ready--> RUNNABLE
 *   RUNNING --parks but cannot unwind--> PINNED --ready--> RUNNING (same carrier)
 * </pre>
 * A goroutine that parks holds the locks of what it waits on (a channel's, a timer heap's)
 * until it is entirely off the JVM stack or blocked in place: its carrier releases them only
 * after setting WAITING or PINNED (they are handed over in {@link M#parkKind} and beside it, as
 * Go's {@code gopark} leaves its lock in the M). Whoever wakes it must take one of those locks to find it, so
 * {@link Scheduler#ready} never sees a goroutine half-way through parking, as with Go's
 * {@code gopark} unlock function.
 */
public final class G extends Continuation {
    static final int RUNNABLE = 0;
    static final int RUNNING = 1;
    static final int WAITING = 2;
    static final int PINNED = 3;
    static final int DEAD = 4;

    private static final AtomicLong IDS = new AtomicLong();
    /**
     * A field updater, not a VarHandle: a VarHandle call site links the first time it runs,
     * allocating on the heap, and the first wake-up of a program may come from a goroutine
     * dying of an {@code OutOfMemoryError} (a {@code finally} that releases a waiter). An
     * updater's calls are plain method calls.
     */
    private static final AtomicIntegerFieldUpdater<G> STATE = AtomicIntegerFieldUpdater.newUpdater(G.class, "state");
    private static final AtomicReferenceFieldUpdater<G, WaitReason> REASON =
            AtomicReferenceFieldUpdater.newUpdater(G.class, WaitReason.class, "reason");
    private static final AtomicLongFieldUpdater<G> WAIT_SINCE = AtomicLongFieldUpdater.newUpdater(G.class, "waitSince");
    private static final AtomicReferenceFieldUpdater<G, M> CARRIER = AtomicReferenceFieldUpdater.newUpdater(G.class, M.class, "m");

    final long id = IDS.incrementAndGet();
    /**
     * The class of the goroutine's body, for {@code created by} in dumps. The body itself is
     * only the continuation's, which drops it when it ends: a dead goroutine may stay reachable
     * for a while from a stale run-queue slot, and must not keep what its body captured.
     */
    final Class<?> bodyClass;
    /** The {@code Go.run} this goroutine belongs to, or null. */
    final Run run;
    /** The goroutine that started this one, 0 for none. */
    final long parentId;
    /** Where {@code go} was called, when creation sites are recorded; else null. */
    final StackTraceElement createdAt;

    /*
     * state, reason, waitSince and m are volatile for their readers on other threads (a waker's
     * CAS, dumps, the monitor, the deadlock scan), but their writers store them with release
     * only (setState and the setters below): a full fence per store, several per switch, was
     * a large part of what a switch cost. No reader needs more. A waker reaches a parked goroutine only
     * through the lock the goroutine parked holding, whose release orders the WAITING store
     * before it; a goroutine's carrier reaches it through a run queue, whose publication is a
     * release too; dumps and the monitor read a snapshot, as Go's do.
     */
    private volatile int state = RUNNABLE;
    /** Written by the goroutine before it parks; read by dumps. */
    volatile WaitReason reason = WaitReason.RUNNABLE;
    volatile long waitSince;
    /** The carrier running (or pinned by) this goroutine; only meaningful while RUNNING or PINNED. */
    volatile M m;

    /**
     * The goroutine's own interrupt status while it is off a carrier: its carrier saves it here
     * when the goroutine parks and sets it again when the goroutine next runs, so it follows the
     * goroutine across carriers and never leaks to the next goroutine. Only its carrier.
     */
    boolean interrupted;
    /** The next goroutine in the global run queue; only under that queue's lock. */
    G schedLink;
    /** Neighbours in {@link AllGoroutines}' list; only under its stripe's monitor. */
    G allPrev;
    G allNext;
    /** The goroutine as the race detector sees it, in race mode; else null. */
    public final Actor race;
    /**
     * The JFR park event in progress when parks are recorded: begun by the goroutine as it
     * parks, finished by the carrier that resumes it (or by the goroutine, after a pinned park).
     */
    Object parkEvent;

    /** Cached waiter for single-channel operations: parking allocates nothing. */
    private final Waiter waiter = new Waiter(this, null);
    /** See {@link #selectScratch}; owned by the goroutine. */
    private SelectScratch selectScratch;

    G(SuspendableRunnable body, Run run, long parentId, StackTraceElement createdAt, Scheduler sched, boolean main, Object raceAfter) {
        super(body, sched.pinnedPark);
        this.race = RaceMode.ENABLED ? Actors.spawn(id, main, raceAfter) : null;
        this.bodyClass = body.getClass();
        this.run = run;
        this.parentId = parentId;
        this.createdAt = createdAt;
    }

    int state() {
        return state;
    }

    /** A release store (see the fields): ordered after what precedes it, fencing nothing after. */
    void setState(int s) {
        STATE.lazySet(this, s);
    }

    void setReason(WaitReason r) {
        REASON.lazySet(this, r);
    }

    void setWaitSince(long nanos) {
        WAIT_SINCE.lazySet(this, nanos);
    }

    void setCarrier(M carrier) {
        CARRIER.lazySet(this, carrier);
    }

    boolean casState(int expect, int update) {
        return STATE.compareAndSet(this, expect, update);
    }

    /** The goroutine running on this thread, or null on a plain thread. */
    public static G current() {
        Thread t = Thread.currentThread();
        return t instanceof M m ? m.g : null;
    }

    public long id() {
        return id;
    }

    /**
     * The waiter this goroutine uses for blocking operations other than select: a goroutine
     * waits on one thing at a time, so one suffices and parking allocates nothing.
     */
    public Waiter cachedWaiter() {
        return waiter;
    }

    /** This goroutine's reusable room for its selects (see {@link SelectScratch}), made on first use. */
    public SelectScratch selectScratch() {
        SelectScratch s = selectScratch;
        if (s == null) {
            selectScratch = s = new SelectScratch(this);
        }
        return s;
    }

    /** Set once strict mode made a park of this goroutine throw, leaving what it queued behind. */
    volatile boolean abandonedWait;
}
