package dev.weft.internal.sched;

import dev.weft.Suspendable;
import dev.weft.internal.CallSites;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.jfr.Recorder;

import java.util.concurrent.locks.Lock;

/**
 * How blocking operations wait and wake. A goroutine parks (unwinding, or pinning its
 * carrier); a plain thread blocks ({@link ThreadBlocking}), with the same semantics. Every wait
 * sits in a loop on a condition the waker sets before waking, so a wake-up is never lost nor
 * taken for another.
 *
 * <p>The rule every primitive follows: a waiter is queued under the primitive's lock, and the
 * goroutine parks holding that lock, which its carrier releases only once the park is committed
 * (see {@link G}). A waker takes the waiter off the queue under the same lock, sets its fields
 * ({@code done} last), releases the lock, and only then calls {@link #wake}: the waiter is then
 * known to be parked, and nobody else can find it.
 */
public final class Parking {
    private Parking() {}

    /** A waiter for the current goroutine (its cached one) or plain thread (a new one). */
    public static Waiter waiter(Object elem) {
        G g = G.current();
        return (g != null ? g.cachedWaiter() : new Waiter(null, Thread.currentThread())).reset(elem);
    }

    /**
     * Waits until {@code w} is done. The caller holds {@code held}, under which it queued
     * {@code w} where a waker will find it; it is released once the waiter cannot miss the wake.
     */
    @Suspendable
    public static void await(Waiter w, WaitReason reason, Lock held) {
        G g = w.g;
        if (g == null) {
            ThreadBlocking.block(new Waiter[] {w}, new Lock[] {held});
            return;
        }
        // Parked straight from here, not through park(): every frame between a blocking call
        // and the park is unwound and re-entered on each switch.
        prepare(g, reason, held, null);
        Continuation.park();
        resumed(g);
        while (!w.done()) {
            // Not reached: a goroutine is readied only after its waiter is done. Kept as the
            // loop every park sits in, should a future caller ready it otherwise.
            prepare(g, reason, null, null);
            Continuation.park();
            resumed(g);
        }
    }

    /**
     * {@link #await} in two halves around a park the caller makes itself, for the channel
     * operations, the hottest waits: one frame fewer to unwind and re-enter on every switch.
     * The caller writes
     * <pre>
     *   if (Parking.parking(w, reason, held)) {
     *       do {
     *           Continuation.park();
     *       } while (Parking.mustParkAgain(w));
     *   }
     * </pre>
     * A plain thread has waited already when {@code parking} returns (false); a goroutine is
     * ready to park (true).
     */
    public static boolean parking(Waiter w, WaitReason reason, Lock held) {
        G g = w.g;
        if (g == null) {
            ThreadBlocking.block(new Waiter[] {w}, new Lock[] {held});
            return false;
        }
        prepare(g, reason, held, null);
        return true;
    }

    /** After a park from {@link #parking}: false once {@code w} is done; else prepares the next park. */
    public static boolean mustParkAgain(Waiter w) {
        G g = w.g;
        resumed(g);
        if (w.done()) {
            return false;
        }
        prepare(g, g.reason, null, null); // see await: not reached
        return true;
    }

    /**
     * As {@link #await}, for a wait on a socket (the netpoller's waiter, {@code dev.weft.net}):
     * counted as I/O awaited, which keeps the deadlock detector from declaring a deadlock
     * while the peer may still act, from before the park until after the waiter resumed.
     */
    @Suspendable
    public static void awaitIo(Waiter w, Lock held) {
        DeadlockDetector deadlock = Scheduler.get().deadlock;
        deadlock.ioArmed();
        await(w, WaitReason.IO_WAIT, held); // throws nothing: a waker only sets done
        deadlock.ioDisarmed();
    }

    /**
     * A select's wait: until one of {@code ws} is done. The caller holds {@code held}, every
     * lock of the select's channels in lock order; they are released once the wait cannot miss
     * a wake. {@code g} is the current goroutine, or null on a plain thread.
     */
    @Suspendable
    public static void awaitAny(G g, WaitReason reason, Waiter[] ws, Lock[] held) {
        if (g == null) {
            ThreadBlocking.block(ws, held);
            return;
        }
        prepare(g, reason, null, held);
        Continuation.park();
        resumed(g);
    }

    /** Waits forever (Go's {@code select {}}); a parked goroutine may still be found deadlocked. */
    @Suspendable
    public static void awaitForever(WaitReason reason) {
        G g = G.current();
        if (g == null) {
            ThreadBlocking.blockForever();
        }
        while (true) {
            prepare(g, reason, null, null);
            Continuation.park();
            resumed(g);
        }
    }

    /**
     * Marks {@code w} done and wakes its owner. The caller has set its other fields after taking
     * it off every queue under the lock it parked holding, and has released that lock.
     */
    public static void wake(Waiter w) {
        if (w.g != null) {
            w.markDone(); // a release: the run queue the goroutine is readied into publishes it
            Scheduler.get().ready(w.g);
        } else {
            w.markDoneNow();
            ThreadBlocking.wake(w);
        }
    }

    /** {@link #wake}s every waiter of a list linked through {@code next}, unlinking each. */
    public static void wakeAll(Waiter list) {
        while (list != null) {
            Waiter next = list.next;
            list.next = null;
            wake(list);
            list = next;
        }
    }

    /** What the goroutine's carrier needs to commit its park: why, since when, the locks to release. */
    private static void prepare(G g, WaitReason reason, Lock held, Lock[] many) {
        g.setReason(reason);
        g.setWaitSince(Monitor.coarseNanos());
        M m = g.m;
        m.parkKind = M.PARK;
        m.unlockOne = held;
        m.unlockMany = many;
        if (Recorder.parksRecorded()) {
            g.parkEvent = Recorder.parkBegins(m.spareParkEvent, g.id, reason.toString(), m, m.p == null ? -1 : m.p.id);
            m.spareParkEvent = null;
        }
    }

    /**
     * The goroutine goes on after a park. A park that unwound had its event finished by the
     * carrier that resumed it ({@link Scheduler#execute}); one that pinned, and so went on in
     * place, finishes it here, where the live stack is the park's.
     */
    private static void resumed(G g) {
        if (g.parkEvent != null) {
            parkEventEnds(g.m, g, false);
        }
    }

    /**
     * The recorded park of {@code g} ends on carrier {@code m}, before {@code g} runs again if it
     * {@code unwound}, after a pinned park otherwise. If the event is committed, its blocking site
     * is the application frame it parked in: read from the frames it saved, which nothing changes
     * until this carrier runs it, or from the live stack, which is the park's once it went on in
     * place. An event that is not committed is kept by the carrier for its next park.
     */
    static void parkEventEnds(M m, G g, boolean unwound) {
        Object e = g.parkEvent;
        g.parkEvent = null;
        if (!Recorder.parkEnds(e)) {
            m.spareParkEvent = e;
            return;
        }
        String site;
        if (unwound) {
            site = Dump.innermostApplicationSite(g);
        } else {
            StackTraceElement live = CallSites.outsideWeft();
            site = live == null ? null : CallSites.describe(live);
        }
        Recorder.commitPark(e, site);
    }

    /** {@code runtime.Gosched}: lets other goroutines run; a plain thread yields the CPU. */
    @Suspendable
    public static void yield() {
        G g = G.current();
        if (g == null) {
            Thread.yield();
            return;
        }
        g.m.parkKind = M.YIELD;
        Continuation.park();
    }

    /** {@code time.Sleep}: parks the goroutine (blocks the thread) for at least {@code nanos}. */
    @Suspendable
    public static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        G g = G.current();
        if (g == null) {
            ThreadBlocking.sleep(nanos);
            return;
        }
        Scheduler sched = Scheduler.get();
        SleepTimer t = new SleepTimer(sched, g);
        TimerHeap heap = sched.heapForNewTimer();
        heap.lock.lock();
        t.when = System.nanoTime() + nanos;
        heap.add(t);
        // No carrier is woken for the timer: this goroutine's own, going idle, waits for the
        // earliest timer.
        sched.deadlock.timerArmed();
        prepare(g, WaitReason.SLEEP, heap.lock, null);
        Continuation.park();
        resumed(g);
    }

    /** The timer of one sleep: readies the sleeper. */
    private static final class SleepTimer extends RuntimeTimer {
        private final Scheduler sched;
        private final G g;

        SleepTimer(Scheduler sched, G g) {
            this.sched = sched;
            this.g = g;
        }

        @Override
        protected void fire(long now, long seq) {
            sched.ready(g);
        }
    }
}
