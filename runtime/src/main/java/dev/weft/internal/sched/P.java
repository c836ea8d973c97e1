package dev.weft.internal.sched;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A processor: the right to run goroutines. There are {@code maxProcs} of them; a carrier
 * must hold one to run goroutines (Go's {@code p}).
 *
 * <p>{@link #runq} and {@link #runnext} are produced into only by the carrier that holds this
 * P; anyone may take from them. {@link #timers} has its own lock. {@link #owner} is the carrier
 * holding the P, changed only by CAS: the monitor may take a P away from a carrier stuck in
 * blocking code ({@link Scheduler#retake}), so a carrier checks it still owns its P before
 * producing into its queue.
 */
final class P {
    private static final AtomicLongFieldUpdater<P> SCHED_TICK = AtomicLongFieldUpdater.newUpdater(P.class, "schedTick");

    final int id;
    final RunQueue runq = new RunQueue();
    final AtomicReference<G> runnext = new AtomicReference<>();
    final TimerHeap timers = new TimerHeap();
    final AtomicReference<M> owner = new AtomicReference<>();

    /**
     * Counts schedules on this P: the monitor spots a goroutine that has held it long. Written
     * only by the owner, with release ({@link #tick}); the monitor reads a snapshot.
     */
    volatile long schedTick;
    /** Ps beyond maxProcs after a resize stay idle until it grows again. */
    volatile boolean retired;
    /**
     * Set by the owner while it writes into {@link #runq}. The monitor may take the P from a
     * carrier while that carrier is about to produce (it checked ownership a moment ago); the
     * monitor waits for this flag to drop before giving the P away, so the ring never has two
     * producers. Dekker-style: the owner writes this then reads {@link #owner}; the monitor
     * CASes {@code owner} then reads this; with volatile accesses one sees the other.
     */
    private volatile boolean producing;

    /** The owner {@code m} is about to produce into the run queue; false if it no longer owns it. */
    boolean enterProduce(M m) {
        producing = true;
        if (owner.get() != m) {
            producing = false;
            return false;
        }
        return true;
    }

    void exitProduce() {
        producing = false;
    }

    /** Whoever just took this P from its carrier waits until that carrier is done producing. */
    void awaitProducers() {
        while (producing) {
            Thread.onSpinWait();
        }
    }

    P(int id) {
        this.id = id;
    }

    /** Only the owner: one more schedule. */
    void tick() {
        SCHED_TICK.lazySet(this, schedTick + 1);
    }

    /**
     * Puts {@code g} into runnext, answering the goroutine it displaces (to go into the ring), or
     * null. Any thread may swap runnext: it is one atomic slot, so a carrier that has just lost
     * this P to a retake still leaves {@code g} where the P's next owner, a thief or an idle
     * recheck finds it. Only a retired P's slot is not looked at by anyone: {@code g} is taken
     * back to the global queue (the swap and the read of {@link #retired} are fenced, as are the
     * retiring write and the drain's read of the slot, so one of the two sees the other).
     */
    G putNext(G g, Scheduler sched) {
        G old = runnext.getAndSet(g);
        if (retired && runnext.compareAndSet(g, null)) {
            sched.global.put(g);
        }
        return old;
    }

    /** Only the owner, inside {@link #enterProduce}: queues {@code g} at the back of the ring. */
    void putRing(G g, Scheduler sched) {
        if (!runq.offer(g) && (runq.moveHalfTo(sched.global) || !runq.offer(g))) {
            sched.global.put(g); // behind the half it follows, as Go's runqputslow
        }
    }

    /** Anyone: the next goroutine to run here, runnext first. */
    G take() {
        G g = runnext.get();
        if (g != null && runnext.compareAndSet(g, null)) {
            return g;
        }
        return runq.poll();
    }

    boolean hasWork() {
        return runnext.get() != null || !runq.isEmpty();
    }

    int queued() {
        return runq.size() + (runnext.get() != null ? 1 : 0);
    }
}
