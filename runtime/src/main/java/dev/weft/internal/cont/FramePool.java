package dev.weft.internal.cont;

/**
 * Reuses frame stacks: a continuation takes one when it first runs and gives it back when it
 * ends, so short-lived goroutines allocate no arrays.
 *
 * <p>Each thread keeps its own small cache ({@link Carrier}s in a field, other threads in a
 * {@code ThreadLocal}), so taking and giving need no synchronization. A continuation may end on
 * another thread than the one it started on; stacks simply migrate between caches. A full
 * cache drops the stack for the collector.
 */
final class FramePool {
    private static final int CAPACITY = 64;
    private static final ThreadLocal<FramePool> PLAIN = ThreadLocal.withInitial(FramePool::new);

    private final FrameStack[] cached = new FrameStack[CAPACITY];
    private int size;

    static FrameStack take(Continuation owner) {
        FramePool pool = forThisThread();
        FrameStack s = pool.size == 0 ? new FrameStack() : pool.cached[--pool.size];
        if (pool.size < CAPACITY) {
            pool.cached[pool.size] = null;
        }
        s.owner = owner;
        return s;
    }

    static void give(FrameStack s) {
        s.clear();
        FramePool pool = forThisThread();
        if (pool.size < CAPACITY) {
            pool.cached[pool.size++] = s;
        }
    }

    private static FramePool forThisThread() {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            Carrier c = (Carrier) t;
            if (c.pool == null) {
                c.pool = new FramePool();
            }
            return c.pool;
        }
        return PLAIN.get();
    }
}
