package dev.weft;

import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.Scheduler;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A weighted semaphore, as {@code golang.org/x/sync/semaphore.Weighted}: acquirers are served
 * strictly first come, first served, so a large request is not starved by small ones.
 *
 * <p>Invariants, under {@link #state}: {@code 0 <= held <= permits}; a waiter is granted (its
 * permits added to {@code held}) only from the front of the queue, and only if they fit.
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
     * @throws IllegalArgumentException if {@code n < 0} or {@code n > permits}
     */
    @Suspendable
    public void acquire(long n) {
        check(n);
        state.lock();
        if (fitsNow(n)) {
            held += n;
            state.unlock();
            return;
        }
        Waiter w = Parking.waiter(null);
        queue.addLast(new Entry(n, w, null));
        Parking.await(w, WaitReason.SEMACQUIRE, state);
    }

    /**
     * Acquires {@code n} permits unless {@code ctx} is done first.
     *
     * @return true if acquired; false if the context was done first (nothing is then held)
     * @throws IllegalArgumentException if {@code n < 0} or {@code n > permits}
     */
    @Suspendable
    public boolean acquire(Context ctx, long n) {
        check(n);
        state.lock();
        if (fitsNow(n)) {
            held += n;
            state.unlock();
            return true;
        }
        if (ctx.err() != null) {
            state.unlock();
            return false;
        }
        Chan<Void> ready = Chan.make();
        Entry e = new Entry(n, null, ready);
        queue.addLast(e);
        state.unlock();
        int chosen = Select.select(ready.onRecv(null), ctx.done().onRecv(null));
        if (chosen == 0) {
            return true;
        }
        state.lock();
        try {
            if (ready.isClosed()) {
                // Granted just as the context ended: give the permits back, report the context.
                held -= n;
                notifyWaiters();
            } else {
                boolean front = queue.peekFirst() == e;
                queue.remove(e);
                if (front) {
                    notifyWaiters(); // the requests behind ours may fit now
                }
            }
        } finally {
            state.unlock();
        }
        return false;
    }

    /** Acquires {@code n} permits if they are available now and nobody is queued. */
    public boolean tryAcquire(long n) {
        check(n);
        state.lock();
        try {
            if (!fitsNow(n)) {
                return false;
            }
            held += n;
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
        state.lock();
        try {
            if (n > held) {
                throw new IllegalStateException("semaphore: released more than held");
            }
            held -= n;
            notifyWaiters();
        } finally {
            state.unlock();
        }
    }

    private boolean fitsNow(long n) {
        return permits - held >= n && queue.isEmpty();
    }

    private void check(long n) {
        if (n < 0 || n > permits) {
            throw new IllegalArgumentException("semaphore: acquire of " + n + " permits out of range [0, " + permits + "]");
        }
    }

    /** Under {@link #state}: grants waiters from the front while they fit. */
    private void notifyWaiters() {
        Scheduler sched = null;
        for (Entry e; (e = queue.peekFirst()) != null && permits - held >= e.n; ) {
            queue.pollFirst();
            held += e.n;
            if (e.waiter != null) {
                if (sched == null) {
                    sched = Scheduler.get();
                }
                sched.wake(e.waiter);
            } else {
                e.ready.close();
            }
        }
    }

    private record Entry(long n, Waiter waiter, Chan<Void> ready) {
    }
}
