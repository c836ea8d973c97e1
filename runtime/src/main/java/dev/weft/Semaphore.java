package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A weighted semaphore, as {@code golang.org/x/sync/semaphore.Weighted}: acquirers are served
 * strictly first come, first served, so a large request is not starved by small ones.
 *
 * <p>Invariants, under {@link #state}: {@code 0 <= held <= permits}; a waiter is granted (its
 * permits added to {@code held}, {@code granted} set) only from the front of the queue, only if
 * they fit, and it leaves the queue as it is granted. A request for more than {@code permits}
 * is never queued: it could never be granted and would block every request behind it.
 *
 * <p>Waking. As every weft primitive does, the semaphore grants under its lock and wakes the
 * granted waiters after unlocking, so a woken goroutine never contends for the lock its waker
 * still holds. That is safe because a granted waiter has left the queue under the lock: nobody
 * else can wake it, and it had committed its park before the lock was free for the granter.
 */
public final class Semaphore {
    private final long permits;
    private final ReentrantLock state = new ReentrantLock();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private long held;

    public Semaphore(long permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore: negative size " + permits);
        }
        this.permits = permits;
    }

    /**
     * Acquires {@code n} permits, parking until they are available.
     *
     * @throws IllegalArgumentException if {@code n < 0} or {@code n > permits}: such a request
     *         could never be granted
     */
    @Suspendable
    public void acquire(long n) {
        checkNotNegative(n);
        if (n > permits) {
            throw new IllegalArgumentException("semaphore: acquire of " + n + " permits, more than its " + permits
                    + "; it could never be granted (acquire(ctx, n) waits for the context instead)");
        }
        state.lock();
        if (fitsNow(n)) {
            held += n;
            state.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        Waiter w = Parking.waiter(null);
        queue.addLast(new Entry(n, w, null));
        Parking.await(w, WaitReason.SEMACQUIRE, state);
        if (RaceMode.ENABLED) {
            Sync.acquire(this);
        }
    }

    /**
     * Acquires {@code n} permits unless {@code ctx} is done first, as Go's {@code Acquire(ctx, n)}:
     * a context already done fails even if the permits are free; a request for more than
     * {@code permits} waits for the context and fails, blocking no other acquire.
     *
     * @return true if acquired; false if the context was done first (nothing is then held)
     * @throws IllegalArgumentException if {@code n < 0}
     */
    @Suspendable
    public boolean acquire(Context ctx, long n) {
        checkNotNegative(n);
        Chan<Void> done = ctx.done();
        state.lock();
        if (done.isClosed()) {
            // The context was done before the permits were taken: fail even if they are free.
            state.unlock();
            return false;
        }
        if (fitsNow(n)) {
            held += n;
            state.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return true;
        }
        if (n > permits) {
            state.unlock();
            done.recv();
            return false;
        }
        Chan<Void> ready = Chan.make();
        Entry e = new Entry(n, null, ready);
        queue.addLast(e);
        state.unlock();
        int chosen = Select.select(ready.onRecv(null), done.onRecv(null));
        if (chosen == 0) {
            if (!done.isClosed()) {
                if (RaceMode.ENABLED) {
                    Sync.acquire(this);
                }
                return true;
            }
            release(n); // granted, but the context ended too: report the context, hold nothing
            return false;
        }
        Entry granted;
        state.lock();
        try {
            if (e.granted) {
                // Granted just as the context ended: give the permits back, report the context.
                held -= n;
                granted = grant();
            } else {
                boolean front = queue.peekFirst() == e;
                queue.remove(e);
                granted = front ? grant() : null; // the requests behind ours may fit now
            }
        } finally {
            state.unlock();
        }
        wake(granted);
        return false;
    }

    /**
     * Acquires {@code n} permits if they are available now and nobody is queued; false
     * otherwise, and always for more than {@code permits}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public boolean tryAcquire(long n) {
        checkNotNegative(n);
        state.lock();
        try {
            if (!fitsNow(n)) {
                return false;
            }
            held += n;
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return true;
        } finally {
            state.unlock();
        }
    }

    /**
     * Releases {@code n} permits.
     *
     * @throws IllegalStateException if that is more than are held
     */
    public void release(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative release " + n);
        }
        if (RaceMode.ENABLED) {
            Sync.release(this); // a release is before the acquire it satisfies
        }
        Entry granted;
        state.lock();
        try {
            if (n > held) {
                throw new IllegalStateException("semaphore: released more than held");
            }
            held -= n;
            granted = grant();
        } finally {
            state.unlock();
        }
        wake(granted);
    }

    private boolean fitsNow(long n) {
        return permits - held >= n && queue.isEmpty();
    }

    private static void checkNotNegative(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: acquire of a negative number of permits, " + n);
        }
    }

    /**
     * Under {@link #state}: grants waiters from the front while they fit and answers them,
     * linked through {@code next} in queue order, to be woken once the lock is released; null if
     * none fits.
     */
    private Entry grant() {
        Entry first = null;
        Entry last = null;
        for (Entry e; (e = queue.peekFirst()) != null && permits - held >= e.n; ) {
            queue.pollFirst();
            held += e.n;
            e.granted = true;
            if (last == null) {
                first = e;
            } else {
                last.next = e;
            }
            last = e;
        }
        return first;
    }

    /** Outside {@link #state}: wakes the waiters {@link #grant} answered. */
    private static void wake(Entry granted) {
        for (Entry e = granted; e != null; e = e.next) {
            if (e.waiter != null) {
                Parking.wake(e.waiter);
            } else {
                e.ready.close();
            }
        }
    }

    /** A queued request: a parked acquire's waiter, or a context acquire's ready channel. */
    private static final class Entry {
        final long n;
        final Waiter waiter;
        final Chan<Void> ready;
        /** Under {@link #state}: set when the permits were added to {@code held} for it. */
        boolean granted;
        /** The next entry granted with this one; set under {@link #state} as it leaves the queue. */
        Entry next;

        Entry(long n, Waiter waiter, Chan<Void> ready) {
            this.n = n;
            this.waiter = waiter;
            this.ready = ready;
        }
    }
}
