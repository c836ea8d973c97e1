package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.Mutex}: a mutual-exclusion lock that parks goroutines, not carriers. Not
 * owned: any goroutine may unlock it, as in Go.
 *
 * <p>Two modes, as Go's. Normal: {@code unlock} frees the mutex and wakes the first waiter,
 * which competes with goroutines arriving now (they often win: they are already running); a
 * waiter that loses goes back to the front of the queue. Starvation: once a waiter has waited
 * more than {@link #STARVATION_NANOS}, {@code unlock} hands the mutex straight to the first
 * waiter and newcomers queue behind, so no waiter can be bypassed forever. It returns to normal
 * when the queue empties or a waiter got it quickly.
 *
 * <p>Invariants, under {@link #state}: waiters are queued only while the mutex is locked or being
 * handed over; in starvation mode it is never free while waiters are queued.
 */
public final class Mutex {
    static final long STARVATION_NANOS = 1_000_000L;

    private final ReentrantLock state = new ReentrantLock();
    private final WaitQueue waiters = new WaitQueue();
    private boolean locked;
    private boolean starving;

    /** Locks, parking while another holds the mutex. */
    @Suspendable
    public void lock() {
        state.lock();
        if (!locked && !(starving && !waiters.isEmpty())) {
            locked = true;
            state.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        long start = System.nanoTime();
        Waiter w = Parking.waiter(null);
        waiters.enqueue(w);
        while (true) {
            Parking.await(w, WaitReason.MUTEX_LOCK, state);
            if (w.success) {
                if (RaceMode.ENABLED) {
                    Sync.acquire(this);
                }
                return; // handed over in starvation mode: we hold it
            }
            state.lock();
            long waited = System.nanoTime() - start;
            if (!locked) {
                locked = true;
                if (waited < STARVATION_NANOS || waiters.isEmpty()) {
                    starving = false;
                }
                state.unlock();
                if (RaceMode.ENABLED) {
                    Sync.acquire(this);
                }
                return;
            }
            if (waited >= STARVATION_NANOS) {
                starving = true;
            }
            w.reset(null);
            waiters.pushFront(w);
        }
    }

    /** Locks if free, never parking. */
    public boolean tryLock() {
        state.lock();
        try {
            if (locked || (starving && !waiters.isEmpty())) {
                return false;
            }
            locked = true;
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return true;
        } finally {
            state.unlock();
        }
    }

    /**
     * Unlocks, waking a waiter if any.
     *
     * @throws IllegalStateException if the mutex is not locked
     */
    public void unlock() {
        state.lock();
        if (!locked) {
            state.unlock();
            throw new IllegalStateException("sync: unlock of unlocked mutex");
        }
        if (RaceMode.ENABLED) {
            Sync.release(this);
        }
        Waiter w = waiters.dequeue();
        if (w == null) {
            locked = false;
            starving = false;
            state.unlock();
            return;
        }
        w.success = starving;
        if (!starving) {
            locked = false;
        }
        state.unlock();
        Parking.wake(w);
    }

    /** True while locked: {@link Cond} checks its mutex is held. */
    boolean isLocked() {
        state.lock();
        try {
            return locked;
        } finally {
            state.unlock();
        }
    }
}
