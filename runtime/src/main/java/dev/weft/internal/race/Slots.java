package dev.weft.internal.race;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Hands out actor slots, the indices of vector clocks, so that a clock's length follows the
 * goroutines alive at once rather than every goroutine that ever ran.
 *
 * <p>A dead goroutine's slot is taken again only by a new goroutine whose parent already knows
 * the dead one's last time: the new one starts after the old one's end, so every epoch of the
 * old one that anyone could see is ordered before anything the new one does, and reusing the
 * slot changes no verdict. The new actor's time goes on from the old one's, so epochs in a slot
 * only grow. Plain threads keep their slots: the detector does not see them end.
 */
final class Slots {
    /** How many freed slots a spawn looks at before it takes a fresh one. */
    private static final int SCAN = 8;

    /** The slot of no actor: a timer's sends act in it, with no time of their own. */
    static final int TIMERS = 0;

    private static final ArrayDeque<long[]> free = new ArrayDeque<>();
    private static int next = TIMERS + 1;

    private Slots() {}

    /** A slot and its start time for a child of {@code parent} (null: none), as {@code {slot, clock}}. */
    static synchronized long[] take(Actor parent) {
        if (parent != null) {
            Iterator<long[]> it = free.iterator();
            for (int i = 0; i < SCAN && it.hasNext(); i++) {
                long[] f = it.next();
                if (parent.known((int) f[0]) >= f[1]) {
                    it.remove();
                    f[1]++;
                    return f;
                }
            }
        }
        if (next == Epoch.MAX_SLOTS) {
            throw new IllegalStateException("weft race: more than " + Epoch.MAX_SLOTS + " goroutines and threads alive at once");
        }
        return new long[] {next++, 1};
    }

    static synchronized void release(int slot, int lastClock) {
        free.addLast(new long[] {slot, lastClock});
    }
}
