package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.RuntimeLock;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Go's {@code sync.Mutex}: a mutual-exclusion lock that parks goroutines, not carriers. Not
 * owned: any goroutine may unlock it, as in Go.
 *
 * <p>The state is one word, as Go's: {@link #LOCKED}, {@link #STARVING}, {@link #WOKEN} (a
 * waiter was woken to compete and has not yet), and above them the number of queued waiters. An uncontended lock and unlock are one CAS each; only contention
 * takes {@link #queueLock}, which guards the queue of waiters.
 *
 * <p>Two modes, as Go's. Normal: {@code unlock} frees the mutex and wakes the first waiter,
 * which competes with goroutines arriving now (they often win: they are already running, and
 * a goroutine that finds it locked first spins a little on a multi-core machine, while its
 * holder most likely runs); a waiter that loses goes back to the front of the queue.
 * Starvation: once a waiter has waited more than {@link #STARVATION_NANOS}, {@code unlock} hands
 * the mutex straight to the first waiter, leaving it {@code LOCKED}, and newcomers queue behind,
 * so no waiter can be bypassed forever. It returns to normal when the waiter handed the mutex
 * waited less than that, or was the last.
 *
 * <p>Invariants. The waiter count changes only under {@link #queueLock} and equals the queue's
 * length there; {@code LOCKED} and {@code STARVING} change by CAS of the whole word, so a waiter
 * counted before it parks is seen by every unlock after (whose fast path succeeds only on a word
 * that is exactly {@code LOCKED}). In starvation mode the mutex is free while waiters are queued
 * only inside an unlock, which holds {@link #queueLock} until it has handed the mutex over.
 */
public final class Mutex {
    static final long STARVATION_NANOS = 1_000_000L;
    private static final int LOCKED = 1;
    private static final int STARVING = 2;
    private static final int WOKEN = 4;
    private static final int WAITER = 8;
    /**
     * Looks at a locked mutex before queuing, a pause apart: about as long as Go's
     * {@code active_spin} (4 x 30 pauses), but looking after each pause, since a holder that
     * locks again in a loop leaves it free only for a moment.
     */
    private static final int SPINS = 120;
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;

    private static final AtomicIntegerFieldUpdater<Mutex> STATE = AtomicIntegerFieldUpdater.newUpdater(Mutex.class, "state");

    private volatile int state;
    private final RuntimeLock queueLock = new RuntimeLock();
    /** Under {@link #queueLock}. */
    private final WaitQueue waiters = new WaitQueue();

    /** Locks, parking while another holds the mutex. */
    @Suspendable
    public void lock() {
        if (!STATE.compareAndSet(this, 0, LOCKED) && !spinLock()) {
            lockSlow();
        }
        if (RaceMode.ENABLED) {
            Sync.acquire(this);
        }
    }

    /** A few looks at a mutex held by a goroutine that is likely running: true if it was taken. */
    private boolean spinLock() {
        if (!MULTICORE) {
            return false;
        }
        for (int i = 0; i < SPINS; i++) {
            int s = state;
            if ((s & STARVING) != 0) {
                return false;
            }
            if ((s & LOCKED) == 0 && STATE.compareAndSet(this, s, s | LOCKED)) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Suspendable
    private void lockSlow() {
        long start = 0;
        Waiter w = Parking.waiter(null);
        boolean awoke = false;
        queueLock.lock();
        while (true) {
            int s = state;
            // A waiter woken to compete takes the WOKEN mark off with whatever it does next.
            int clear = awoke ? WOKEN : 0;
            if ((s & (LOCKED | STARVING)) == 0) {
                // Free: barge in, as a running goroutine may. (Free but starving is an unlock
                // handing the mutex to the first waiter: queue behind it.)
                if (STATE.compareAndSet(this, s, (s | LOCKED) & ~clear)) {
                    queueLock.unlock();
                    return;
                }
                continue;
            }
            int next = (s + WAITER) & ~clear;
            if (start != 0 && System.nanoTime() - start >= STARVATION_NANOS) {
                next |= STARVING;
            }
            if (!STATE.compareAndSet(this, s, next)) {
                continue;
            }
            if (start == 0) {
                start = System.nanoTime();
                waiters.enqueue(w);
            } else {
                waiters.pushFront(w); // woken to compete and lost: back to the front
            }
            Parking.await(w, WaitReason.MUTEX_LOCK, queueLock);
            if (w.success) {
                return; // handed over in starvation mode: we hold it
            }
            w.reset(null);
            awoke = true;
            queueLock.lock();
        }
    }

    /** Locks if free, never parking. */
    public boolean tryLock() {
        int s = state;
        if ((s & (LOCKED | STARVING)) != 0 || !STATE.compareAndSet(this, s, s | LOCKED)) {
            return false;
        }
        if (RaceMode.ENABLED) {
            Sync.acquire(this);
        }
        return true;
    }

    /**
     * Unlocks, waking a waiter if any.
     *
     * @throws IllegalStateException if the mutex is not locked
     */
    public void unlock() {
        // Race mode: released while still held, so that whoever takes it next, at once, is
        // ordered after this holder.
        if (RaceMode.ENABLED && (state & LOCKED) != 0) {
            Sync.release(this);
        }
        int s;
        do {
            s = state;
            if ((s & LOCKED) == 0) {
                throw new IllegalStateException("sync: unlock of unlocked mutex");
            }
        } while (!STATE.compareAndSet(this, s, s - LOCKED));
        if (s != LOCKED) {
            unlockSlow(s - LOCKED);
        }
    }

    /**
     * Waiters are queued; {@code unlocked} is the state this unlock left. Starving then (no
     * goroutine can have taken the mutex since: none may while starving): hands it to the first
     * waiter, locked. Normal: wakes the first to compete, unless the mutex is locked again
     * already, starving, or a waiter woken earlier has not yet competed (its {@code WOKEN}
     * mark): whoever holds it or is woken will unlock or wake in turn, and a second waiter woken
     * now would most likely lose and park again, a switch for nothing. The mode is the one this
     * unlock saw, as in Go: read again later, a starving mark set meanwhile by a waiter that
     * queued behind a goroutine that took the mutex after this unlock would hand it over while
     * that goroutine holds it.
     */
    private void unlockSlow(int unlocked) {
        queueLock.lock();
        while (true) {
            int s = state;
            int next;
            boolean handOff = (unlocked & STARVING) != 0;
            if (handOff) {
                if (s < WAITER) {
                    // Not reached (the last waiter's hand-off ends starvation): never left set,
                    // or every lock would queue behind nobody.
                    if (!STATE.compareAndSet(this, s, s & ~STARVING)) {
                        continue;
                    }
                    queueLock.unlock();
                    return;
                }
                next = (s - WAITER) | LOCKED;
                if (next < WAITER) {
                    next &= ~STARVING; // starvation ends with the last waiter, as in Go
                }
            } else {
                if (s < WAITER || (s & (LOCKED | WOKEN | STARVING)) != 0) {
                    queueLock.unlock();
                    return;
                }
                next = (s - WAITER) | WOKEN;
            }
            if (!STATE.compareAndSet(this, s, next)) {
                continue;
            }
            Waiter w = waiters.dequeue();
            w.success = handOff;
            queueLock.unlock();
            Parking.wake(w);
            return;
        }
    }

    /** True while locked: {@link Cond} checks its mutex is held. */
    boolean isLocked() {
        return (state & LOCKED) != 0;
    }
}
