package dev.weft.internal.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor's local run queue: a bounded ring with one producer (the owning P's carrier) and
 * many consumers (the owner and thieves), Go's {@code runq} in {@code proc.go}.
 *
 * <p>Invariants: {@code tail - head} is between 0 and {@link #CAPACITY}; only the owner writes
 * {@code tail} and the slots at and after it; anyone takes from {@code head} by CAS. A slot
 * read by a consumer is only trusted if its CAS of {@code head} succeeds: had the owner wrapped
 * around and reused the slot, {@code head} would have moved and the CAS failed.
 *
 * <p>Memory order: the owner stores the slot, then {@code tail} with release ({@link #soTail});
 * consumers load {@code tail} with acquire ({@link #laTail}) before reading slots, so they see
 * what was stored. {@code head} is CAS'd with volatile semantics.
 */
final class RunQueue {
    static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueue.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueue.class, "tail", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] ring = new G[CAPACITY];
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile int head;
    @SuppressWarnings("unused") // accessed through TAIL
    private int tail;

    private int laHead() {
        return (int) HEAD.getAcquire(this);
    }

    private int laTail() {
        return (int) TAIL.getAcquire(this);
    }

    private void soTail(int t) {
        TAIL.setRelease(this, t);
    }

    private boolean casHead(int expect, int update) {
        return HEAD.compareAndSet(this, expect, update);
    }

    /** Only the owner: appends {@code g}; false if the ring is full. */
    boolean offer(G g) {
        int h = laHead();
        int t = tail;
        if (t - h >= CAPACITY) {
            return false;
        }
        ring[t & MASK] = g;
        soTail(t + 1);
        return true;
    }

    /**
     * Only the owner, when {@link #offer} failed: moves the older half of the ring to
     * {@code global} (Go's {@code runqputslow}), in order; false if a thief got there first
     * (then {@code offer} will succeed). It allocates nothing, so a goroutine is never lost to
     * an {@code OutOfMemoryError} half-way. The slots are read after the CAS of {@code head}
     * claimed them: only the owner ever rewrites a slot, and it is here.
     */
    boolean moveHalfTo(GlobalRunQueue global) {
        int h = laHead();
        int t = tail;
        int n = (t - h) / 2;
        if (n == 0 || t - h < CAPACITY || !casHead(h, h + n)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            global.put(ring[(h + i) & MASK]);
        }
        return true;
    }

    /** Anyone: takes the oldest goroutine, or null if empty. */
    G poll() {
        while (true) {
            int h = laHead();
            int t = laTail();
            if (t == h) {
                return null;
            }
            G g = ring[h & MASK];
            if (casHead(h, h + 1)) {
                return g;
            }
        }
    }

    /**
     * A thief: takes half of this queue (rounded up) into {@code into}, which its own carrier
     * owns, but no more than {@code into} has room for (its ring may hold goroutines that due
     * timers just readied); answers one of them to run now, or null if none.
     */
    G stealInto(RunQueue into) {
        while (true) {
            int h = laHead();
            int t = laTail();
            int n = t - h;
            n -= n / 2;
            if (n <= 0) {
                return null;
            }
            if (n > CAPACITY / 2) {
                continue; // read head and tail at different moments; retry
            }
            int dest = into.tail;
            // Only the owner moves into's tail and others only advance its head: the room read
            // here can only grow before the slots are written.
            n = Math.min(n, CAPACITY - (dest - into.laHead()));
            if (n <= 0) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                into.ring[(dest + i) & MASK] = ring[(h + i) & MASK];
            }
            if (casHead(h, h + n)) {
                G first = into.ring[(dest + n - 1) & MASK];
                into.ring[(dest + n - 1) & MASK] = null;
                into.soTail(dest + n - 1);
                return first;
            }
        }
    }

    /** Anyone, racy: a snapshot of the length, for dumps and the scheduler sample. */
    int size() {
        int n = laTail() - laHead();
        return Math.max(0, Math.min(n, CAPACITY));
    }

    boolean isEmpty() {
        return laTail() == laHead();
    }
}
