package dev.weft.internal.cont;

/**
 * Reuses frame-stack arrays: a continuation takes a pair when it first runs and gives it back
 * when it ends, so short-lived goroutines that park allocate no arrays.
 *
 * <p>Each thread keeps its own small cache ({@link Carrier}s in a field, other threads in a
 * {@code ThreadLocal}), so taking and giving need no synchronization. A continuation may end on
 * another thread than the one it started on; arrays simply migrate between caches. A full
 * cache drops them for the collector. A pooled reference array holds only nulls.
 */
final class FramePool {
    private static final int CAPACITY = 64;
    private static final ThreadLocal<FramePool> PLAIN = ThreadLocal.withInitial(FramePool::new);

    private final long[][] prims = new long[CAPACITY][];
    private final Object[][] refs = new Object[CAPACITY][];
    private int size;

    /** Gives {@code s} a pair from this thread's cache, if it has one. */
    static void lendTo(FrameStack s) {
        FramePool pool = forThisThread();
        if (pool.size == 0) {
            return;
        }
        int i = --pool.size;
        s.useArrays(pool.prims[i], pool.refs[i]);
        pool.prims[i] = null;
        pool.refs[i] = null;
    }

    static void give(long[] prims, Object[] refs) {
        FramePool pool = forThisThread();
        if (pool.size < CAPACITY) {
            pool.prims[pool.size] = prims;
            pool.refs[pool.size++] = refs;
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
