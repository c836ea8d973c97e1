package dev.weft.internal.sched;

/**
 * The global run queue (Go's {@code sched.runq}): goroutines made runnable where no P's local
 * queue can take them: by a plain thread, by a carrier without a P, on a local queue's
 * overflow, and by {@code Go.yield}, which goes to the back of everyone's line.
 *
 * <p>An intrusive FIFO of goroutines linked through {@link G#schedLink}, under this object's
 * monitor, as Go's is under {@code sched.lock}. It allocates nothing, so a goroutine is never
 * lost to an {@code OutOfMemoryError} on its way into the queue. A goroutine is in at most one
 * queue at a time, so one link field suffices.
 *
 * <p>{@link #size} is written under the monitor and read without it by carriers deciding
 * whether to look: a stale read costs one empty look or one later look, never a lost
 * goroutine, since whoever queues also wakes a carrier ({@link Scheduler#wakep}).
 */
final class GlobalRunQueue {
    /** Under the monitor. */
    private G head;
    private G tail;
    private volatile int size;

    /** Appends {@code g}. */
    synchronized void put(G g) {
        g.schedLink = null;
        if (tail == null) {
            head = g;
        } else {
            tail.schedLink = g;
        }
        tail = g;
        size++;
    }

    /** Takes the oldest goroutine, or null if the queue is empty. */
    synchronized G get() {
        G g = head;
        if (g == null) {
            return null;
        }
        head = g.schedLink;
        if (head == null) {
            tail = null;
        }
        g.schedLink = null;
        size--;
        return g;
    }

    /**
     * Go's {@code globrunqget}: takes a fair share of the queue for a P among {@code procs}:
     * one goroutine to run now, answered, and up to {@code max - 1} more into {@code into}
     * (which only the caller produces into). Null if the queue is empty.
     */
    synchronized G getBatch(RunQueue into, int procs, int max) {
        G first = get();
        if (first == null) {
            return null;
        }
        int share = Math.min(size / Math.max(1, procs) + 1, max);
        for (int i = 1; i < share && head != null; i++) {
            if (!into.offer(head)) {
                break; // the local queue is full: the rest stays here, in order
            }
            get();
        }
        return first;
    }

    /** How many goroutines are queued; may be stale by the time it is used. */
    int size() {
        return size;
    }
}
