package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.RuntimeLock;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.Objects;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish. Invariant, under
 * {@link #lock}: waiters are queued only while the counter is positive; when it reaches zero
 * every waiter is released at once.
 */
public final class WaitGroup {
    private final RuntimeLock lock = new RuntimeLock();
    private final WaitQueue waiters = new WaitQueue();
    private long counter;

    /**
     * Adds {@code delta} (possibly negative) to the counter.
     *
     * @throws IllegalStateException if the counter would go negative
     */
    public void add(int delta) {
        if (RaceMode.ENABLED && delta < 0) {
            Sync.release(this); // a done is before the await it releases
        }
        lock.lock();
        long next = counter + delta;
        if (next < 0) {
            lock.unlock();
            throw new IllegalStateException("sync: negative WaitGroup counter");
        }
        if (RaceMode.ENABLED && delta > 0 && counter == 0) {
            Sync.groupAccess(this, false); // an add from zero must be ordered with the await (Go's misuse check)
        }
        counter = next;
        Waiter released = next == 0 ? waiters.dequeueAll() : null;
        lock.unlock();
        Parking.wakeAll(released);
    }

    /** {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /**
     * Go 1.25's {@code wg.Go(f)}: {@code add(1)}, then runs {@code f} in a new goroutine that
     * calls {@code done()} when {@code f} ends, returning or throwing.
     */
    public void go(SuspendableRunnable f) {
        Objects.requireNonNull(f, "WaitGroup.go: f is null");
        add(1);
        Go.go(() -> {
            try {
                f.run();
            } finally {
                done();
            }
        });
    }

    /** Parks until the counter is zero. */
    @Suspendable
    public void await() {
        lock.lock();
        if (counter == 0) {
            lock.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        if (RaceMode.ENABLED && waiters.isEmpty()) {
            Sync.groupAccess(this, true); // the first waiter
        }
        Waiter w = Parking.waiter(null);
        waiters.enqueue(w);
        Parking.await(w, WaitReason.WAITGROUP_WAIT, lock);
        if (RaceMode.ENABLED) {
            Sync.acquire(this);
        }
    }
}
