package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.RWMutex}: many readers or one writer. A writer waiting keeps new readers
 * out (writer preference), and when a writer unlocks, the readers that queued behind it go
 * before the next writer, so neither side starves.
 *
 * <p>Invariants, under {@link #state}: {@code writer} and {@code readers > 0} never hold at
 * once; a woken waiter has already been granted what it waited for (the waker counted it).
 */
public final class RWMutex {
    private final ReentrantLock state = new ReentrantLock();
    private final WaitQueue readersWaiting = new WaitQueue();
    private final WaitQueue writersWaiting = new WaitQueue();
    private int readers;
    private int writersQueued;
    private boolean writer;

    /** Locks for writing. */
    @Suspendable
    public void lock() {
        state.lock();
        if (!writer && readers == 0) {
            writer = true;
            state.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquireWrite(this);
            }
            return;
        }
        writersQueued++;
        Waiter w = Parking.waiter(null);
        writersWaiting.enqueue(w);
        Parking.await(w, WaitReason.RWMUTEX_LOCK, state);
        if (RaceMode.ENABLED) {
            Sync.acquireWrite(this);
        }
    }

    /**
     * Unlocks for writing.
     *
     * @throws IllegalStateException if not locked for writing
     */
    public void unlock() {
        state.lock();
        if (!writer) {
            state.unlock();
            throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
        }
        if (RaceMode.ENABLED) {
            Sync.release(this); // every later reader and writer acquires it
        }
        writer = false;
        Waiter released = readersWaiting.dequeueAll();
        for (Waiter r = released; r != null; r = r.next) {
            readers++;
        }
        if (released == null) {
            released = grantWriter();
        }
        state.unlock();
        Parking.wakeAll(released);
    }

    /** Locks for reading. */
    @Suspendable
    public void rLock() {
        state.lock();
        if (!writer && writersQueued == 0) {
            readers++;
            state.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        Waiter w = Parking.waiter(null);
        readersWaiting.enqueue(w);
        Parking.await(w, WaitReason.RWMUTEX_RLOCK, state);
        if (RaceMode.ENABLED) {
            Sync.acquire(this);
        }
    }

    /**
     * Unlocks for reading.
     *
     * @throws IllegalStateException if not locked for reading
     */
    public void rUnlock() {
        state.lock();
        if (readers == 0) {
            state.unlock();
            throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
        }
        if (RaceMode.ENABLED) {
            Sync.releaseRead(this); // only a writer acquires it: readers are not ordered among themselves
        }
        readers--;
        Waiter released = readers == 0 ? grantWriter() : null;
        state.unlock();
        Parking.wakeAll(released);
    }

    /** Under the state lock: gives the lock to the first waiting writer, if any. */
    private Waiter grantWriter() {
        Waiter w = writersWaiting.dequeue();
        if (w != null) {
            writersQueued--;
            writer = true;
        }
        return w;
    }
}
