package dev.weft.internal.sched;

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
    final int id;
    final RunQueue runq = new RunQueue();
    final AtomicReference<G> runnext = new AtomicReference<>();
    final TimerHeap timers = new TimerHeap();
    final AtomicReference<M> owner = new AtomicReference<>();

    /** Counts schedules on this P: the monitor spots a goroutine that has held it long. */
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

    /** Only the owner: queues {@code g}; into runnext when {@code next}, kicking the old one out. */
    void put(G g, boolean next, Scheduler sched) {
        if (next) {
            G old = runnext.getAndSet(g);
            if (old == null) {
                return;
            }
            g = old;
        }
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
