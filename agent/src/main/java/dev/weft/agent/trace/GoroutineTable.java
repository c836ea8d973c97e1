package dev.weft.agent.trace;

/**
 * Every goroutine the recording saw start or end: its creation site, its parent, whether it
 * started and ended within the recording. An open-addressing table of primitives (linear
 * probing, load at most one half), so a million goroutines take about 40 MB, not the several
 * hundred a map of boxed entries would.
 *
 * <p>A goroutine's entry is one {@code int}, {@code info}:
 * <pre>
 *   bits 31..2  the index of its creation site in the trace's {@link StringTable}, plus 1 (0: unknown)
 *   bit  1      ended: a GoroutineEnd was read
 *   bit  0      started: a GoroutineStart was read
 * </pre>
 * A slot is free exactly when its {@code info} is 0: an entry is made only with one of the two
 * bits set. The end of a goroutine may be read before its start (they are committed on different
 * carriers, whose buffers reach the file in any order), so either may make the entry.
 */
final class GoroutineTable {
    private static final int STARTED = 1;
    private static final int ENDED = 2;
    private static final int SITE_SHIFT = 2;

    private long[] ids = new long[1024];
    private long[] parents = new long[1024];
    private int[] info = new int[1024];
    private int size;

    /** A GoroutineStart: {@code site} is a string index, or -1 for none. */
    void started(long id, long parent, int site) {
        int slot = slot(id);
        info[slot] = info[slot] & ENDED | STARTED | (site + 1) << SITE_SHIFT;
        parents[slot] = parent;
    }

    void ended(long id) {
        int slot = slot(id); // first: it may grow the arrays
        info[slot] |= ENDED;
    }

    /** Whether a GoroutineStart of {@code id} was read and no GoroutineEnd. */
    boolean alive(long id) {
        int i = info[find(id)];
        return (i & (STARTED | ENDED)) == STARTED;
    }

    /** The string index of {@code id}'s creation site, or -1 if unknown. */
    int site(long id) {
        return (info[find(id)] >>> SITE_SHIFT) - 1;
    }

    /** The goroutine that started {@code id}, or 0 if unknown. */
    long parent(long id) {
        int slot = find(id);
        return info[slot] == 0 ? 0 : parents[slot];
    }

    /** Calls {@code visitor} with each goroutine that started and did not end. */
    void forEachAlive(AliveVisitor visitor) {
        for (int slot = 0; slot < info.length; slot++) {
            if ((info[slot] & (STARTED | ENDED)) == STARTED) {
                visitor.visit(ids[slot], (info[slot] >>> SITE_SHIFT) - 1);
            }
        }
    }

    interface AliveVisitor {
        void visit(long id, int site);
    }

    /** The slot of {@code id}, which is free if {@code id} has no entry. */
    private int find(long id) {
        int mask = info.length - 1;
        int slot = hash(id) & mask;
        while (info[slot] != 0 && ids[slot] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The slot of {@code id}, claimed for it if it had none. */
    private int slot(long id) {
        int slot = find(id);
        if (info[slot] != 0) {
            return slot;
        }
        if (2 * (size + 1) > info.length) {
            grow();
            slot = find(id);
        }
        ids[slot] = id;
        size++;
        return slot;
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldParents = parents;
        int[] oldInfo = info;
        ids = new long[oldIds.length * 2];
        parents = new long[oldIds.length * 2];
        info = new int[oldIds.length * 2];
        for (int k = 0; k < oldInfo.length; k++) {
            if (oldInfo[k] != 0) {
                int slot = find(oldIds[k]);
                ids[slot] = oldIds[k];
                parents[slot] = oldParents[k];
                info[slot] = oldInfo[k];
            }
        }
    }

    /** Goroutine ids are consecutive: spread them (Fibonacci hashing) so that runs of them do not cluster. */
    private static int hash(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32);
    }
}
