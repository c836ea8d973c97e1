package dev.weft;

import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.Cond}: goroutines wait for a condition guarded by a {@link Mutex}.
 * {@link #await} queues the waiter before it unlocks the mutex, so a signal sent between the
 * unlock and the park is not lost (Go's notify-list tickets do the same).
 */
public final class Cond {
    private final Mutex mutex;
    private final ReentrantLock state = new ReentrantLock();
    private final WaitQueue waiters = new WaitQueue();

    public Cond(Mutex m) {
        if (m == null) {
            throw new NullPointerException("Cond needs its Mutex");
        }
        this.mutex = m;
    }

    /**
     * Unlocks the mutex, parks until signaled, and locks it again before returning.
     *
     * @throws IllegalStateException if the mutex is not locked
     */
    @Suspendable
    public void await() {
        if (!mutex.isLocked()) {
            throw new IllegalStateException("sync: Cond.Wait without holding its Mutex");
        }
        state.lock();
        Waiter w = Parking.waiter(null);
        waiters.enqueue(w);
        mutex.unlock();
        Parking.await(w, WaitReason.COND_WAIT, state);
        mutex.lock();
    }

    /** Wakes one waiting goroutine, if any. */
    public void signal() {
        state.lock();
        Waiter w = waiters.dequeue();
        state.unlock();
        if (w != null) {
            Parking.wake(w);
        }
    }

    /** Wakes every waiting goroutine. */
    public void broadcast() {
        state.lock();
        Waiter released = waiters.dequeueAll();
        state.unlock();
        Parking.wakeAll(released);
    }
}
