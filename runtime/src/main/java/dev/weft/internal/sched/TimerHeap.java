package dev.weft.internal.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One P's timers: a binary min-heap on {@code when}, guarded by {@link #lock}. Carriers run the
 * due timers of their own P when they schedule and of other Ps when they look for work, as Go's
 * {@code checkTimers} does; {@link #nextWhen} lets them skip a heap without locking it.
 *
 * <p>A goroutine that sleeps adds its timer and parks holding {@link #lock}; its carrier
 * releases it once the goroutine is off the stack, so the timer cannot fire into a goroutine
 * that has not finished parking.
 *
 * <p>Which heap a timer is in ({@link RuntimeTimer#heap}) is read without a lock by whoever
 * stops it, then checked again under that heap's lock ({@link #lockHolding}). So that a null
 * read always means "in no heap": a timer's {@code heap} changes only under the lock of the
 * heap it leaves, and also of the heap it joins when it moves ({@link #moveTo} holds both);
 * it becomes null only when the timer leaves for good (stopped, or fired for the last time),
 * never while a periodic timer is re-armed ({@link #takeDue} re-arms it in place).
 */
final class TimerHeap {
    final ReentrantLock lock = new ReentrantLock();
    private RuntimeTimer[] heap = new RuntimeTimer[16];
    private int size;
    /** The earliest deadline, or Long.MAX_VALUE: read without the lock. */
    private volatile long nextWhen = Long.MAX_VALUE;

    long nextWhen() {
        return nextWhen;
    }

    /** A timer taken out by {@link #takeDue}: the arming it fires for, and whether that was its last firing. */
    record Due(RuntimeTimer timer, long seq, boolean last) {}

    /**
     * Locks the heap {@code t} is in and answers it, or answers null (nothing locked) if it is
     * in none. Re-reads {@code t.heap} after locking: the timer may have moved meanwhile.
     */
    static TimerHeap lockHolding(RuntimeTimer t) {
        while (true) {
            TimerHeap h = t.heap;
            if (h == null) {
                return null;
            }
            h.lock.lock();
            if (t.heap == h) {
                return h;
            }
            h.lock.unlock(); // moved to another P's heap meanwhile
        }
    }

    /** Under {@link #lock}: adds {@code t}, which is in no heap. */
    void add(RuntimeTimer t) {
        if (t.heap != null) {
            throw new IllegalStateException("weft: internal error: a timer armed while it is still in a heap");
        }
        t.heap = this;
        insert(t);
    }

    /** Under {@link #lock}: puts {@code t}, whose {@code heap} is already this, into the array. */
    private void insert(RuntimeTimer t) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        t.index = size;
        heap[size++] = t;
        up(t.index);
        nextWhen = heap[0].when;
    }

    /** Under {@link #lock}: removes {@code t} for good if it is here; answers whether it was. */
    boolean remove(RuntimeTimer t) {
        if (t.heap != this || t.index < 0) {
            return false;
        }
        detach(t);
        t.heap = null;
        return true;
    }

    /** Under {@link #lock}: takes {@code t}, which is here, out of the array; leaves {@code t.heap} as it is. */
    private void detach(RuntimeTimer t) {
        int i = t.index;
        RuntimeTimer last = heap[--size];
        heap[size] = null;
        if (i != size) {
            heap[i] = last;
            last.index = i;
            down(i);
            up(last.index);
        }
        t.index = -1;
        nextWhen = size == 0 ? Long.MAX_VALUE : heap[0].when;
    }

    /**
     * Takes out the timers due at {@code now}; periodic ones are put back for their next
     * period without leaving the heap. Answers each with the arming ({@code seq}) it fires for
     * and whether that was its last firing (not periodic), or null if none is due.
     */
    List<Due> takeDue(long now, AtomicInteger firing) {
        if (nextWhen > now) {
            return null;
        }
        lock.lock();
        try {
            List<Due> due = null;
            while (size > 0 && heap[0].when <= now) {
                RuntimeTimer t = heap[0];
                if (due == null) {
                    due = new ArrayList<>(2);
                }
                // Counted as firing before it leaves the heap: the deadlock scan reads the heaps
                // first, then the count, so it always sees the timer in one or the other.
                firing.incrementAndGet();
                due.add(new Due(t, t.seq, t.period <= 0));
                t.firing = t.seq;
                if (t.period <= 0) {
                    remove(t);
                    continue;
                }
                // Go's tickers skip the periods they missed rather than firing a burst.
                long next = t.when + t.period;
                if (next <= now) {
                    next = now + t.period - (now - t.when) % t.period;
                }
                t.when = next; // later than before: sinking it from the root restores the heap
                down(0);
                nextWhen = heap[0].when;
            }
            return due;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }

    /**
     * Moves every timer to {@code target} (a P being retired). Takes both locks, this one first:
     * a retiring P's heap before a live one's, and no live heap is ever moved from.
     */
    void moveTo(TimerHeap target) {
        lock.lock();
        try {
            target.lock.lock();
            try {
                while (size > 0) {
                    RuntimeTimer t = heap[size - 1];
                    detach(t);
                    t.heap = target; // from this heap to target, never through null
                    target.insert(t);
                }
            } finally {
                target.lock.unlock();
            }
        } finally {
            lock.unlock();
        }
    }

    private void up(int i) {
        RuntimeTimer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            RuntimeTimer p = heap[parent];
            if (p.when <= t.when) {
                break;
            }
            heap[i] = p;
            p.index = i;
            i = parent;
        }
        heap[i] = t;
        t.index = i;
    }

    private void down(int i) {
        RuntimeTimer t = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].when < heap[child].when) {
                child++;
            }
            if (heap[child].when >= t.when) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = t;
        t.index = i;
    }
}
