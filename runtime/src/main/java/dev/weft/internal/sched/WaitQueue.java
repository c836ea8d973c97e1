package dev.weft.internal.sched;

/**
 * A FIFO of waiters (Go's {@code waitq}), guarded by the lock of whatever owns it.
 *
 * <p>A select enqueues one waiter per case; the first operation to complete any of them claims
 * the whole select by CAS on its shared {@code selectDone}. {@link #dequeue} skips waiters whose
 * select was already claimed: they stay linked only until their select unlinks them.
 */
public final class WaitQueue {
    private Waiter first;
    private Waiter last;

    public void enqueue(Waiter w) {
        w.next = null;
        w.prev = last;
        if (last == null) {
            first = w;
        } else {
            last.next = w;
        }
        last = w;
    }

    /** Puts {@code w} first: a waiter that was woken, lost the race and waits again. */
    public void pushFront(Waiter w) {
        w.prev = null;
        w.next = first;
        if (first == null) {
            last = w;
        } else {
            first.prev = w;
        }
        first = w;
    }

    /** Takes the first waiter that can still be completed, or null. */
    public Waiter dequeue() {
        while (true) {
            Waiter w = first;
            if (w == null) {
                return null;
            }
            unlink(w);
            if (w.selectDone == null || w.selectDone.compareAndSet(false, true)) {
                return w;
            }
        }
    }

    /**
     * Takes every waiter that can still be completed, linked through {@code next} (the queue's
     * own links are gone once dequeued), for waking after the owner's lock is released.
     */
    public Waiter dequeueAll() {
        Waiter all = null;
        for (Waiter w; (w = dequeue()) != null; ) {
            w.next = all;
            all = w;
        }
        return all;
    }

    public Waiter peek() {
        return first;
    }

    public boolean isEmpty() {
        return first == null;
    }

    /** Removes {@code w} if it is queued here (a select removing its losing cases). */
    public void remove(Waiter w) {
        if (w.prev != null || first == w) {
            unlink(w);
        }
    }

    private void unlink(Waiter w) {
        if (w.prev == null) {
            first = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            last = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.next = null;
        w.prev = null;
    }
}
