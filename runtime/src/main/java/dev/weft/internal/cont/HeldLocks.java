package dev.weft.internal.cont;

import java.util.Arrays;

/**
 * The {@code java.util.concurrent} locks a continuation holds: each hold that rewritten code
 * took and has not released ({@link JucLocks} records them), with the call site that took it.
 * Such a lock belongs to the carrier thread that took it, so while this is not empty every park
 * of the continuation pins ({@link Continuation#park}), as a held monitor makes it pin.
 *
 * <p>Invariants. Holds are kept in the order they were taken; a lock held twice (a reentrant
 * {@code lock}, two read stamps of one {@code StampedLock}) has two entries. A release removes the
 * latest entry for the same lock object, and a release that matches none (a lock taken in code
 * that was not rewritten) removes nothing: a mismatch can only keep the continuation pinning
 * longer, never let a park unwind while a lock it took is held. Popped slots are nulled.
 *
 * <p>Only the thread running the continuation touches it; no field needs ordering.
 */
final class HeldLocks {
    private Object[] locks = new Object[4];
    private String[] sites = new String[4];
    private int count;

    boolean isEmpty() {
        return count == 0;
    }

    /** Records a hold of {@code lock}, taken at {@code site} (a stack-trace element's text). */
    void add(Object lock, String site) {
        if (count == locks.length) {
            locks = Arrays.copyOf(locks, count * 2);
            sites = Arrays.copyOf(sites, count * 2);
        }
        locks[count] = lock;
        sites[count] = site;
        count++;
    }

    /** Forgets the latest hold of {@code lock}, if there is one. */
    void remove(Object lock) {
        for (int i = count - 1; i >= 0; i--) {
            if (locks[i] == lock) {
                System.arraycopy(locks, i + 1, locks, i, count - i - 1);
                System.arraycopy(sites, i + 1, sites, i, count - i - 1);
                count--;
                locks[count] = null;
                sites[count] = null;
                return;
            }
        }
    }

    /** Where the oldest lock still held was taken; only while not empty. */
    String firstSite() {
        return sites[0];
    }
}
