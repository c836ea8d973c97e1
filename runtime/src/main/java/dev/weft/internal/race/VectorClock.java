package dev.weft.internal.race;

import java.util.Arrays;

/**
 * A vector clock: one logical time per slot (an actor's index), zero for slots it has never
 * heard of. Kept as an open-addressing hash of the slots it knows, so that its size and the cost
 * of a join follow what it knows, not how many slots exist: a goroutine that knows its parent
 * and itself has two entries however many goroutines run beside it, and joining it into a
 * group's clock costs two probes. Copying one is O(1): the copy shares the arrays, and whichever
 * side writes next copies them first (copy on write), so a goroutine's start costs nothing.
 *
 * <p>Not thread-safe: an actor's clock is written only by its actor (or by one that holds the
 * lock of a channel the actor is parked on); a synchronizer's clock only under its shadow's
 * monitor. Shared arrays are never written.
 */
final class VectorClock {
    private static final int[] EMPTY = new int[0];

    /** Slot + 1 per entry, 0 for an empty entry; a power of two long, or empty. */
    private int[] slots = EMPTY;
    private int[] times = EMPTY;
    private int size;
    /** Whether the arrays may also be another clock's: then they are copied before a write. */
    private boolean shared;
    /**
     * The shared arrays this clock last joined: shared arrays never change, so joining them again
     * (a group's clock joining a hundred children that all inherited one parent's clock) is free.
     */
    private int[] lastJoined;

    int get(int slot) {
        int[] s = slots;
        if (s.length == 0) {
            return 0;
        }
        int mask = s.length - 1;
        for (int i = hash(slot) & mask; ; i = (i + 1) & mask) {
            int k = s[i];
            if (k == slot + 1) {
                return times[i];
            }
            if (k == 0) {
                return 0;
            }
        }
    }

    void set(int slot, int time) {
        own(size + 1);
        put(slot, time);
    }

    /** Raises every entry to at least {@code other}'s: this clock now knows all it knew. */
    void join(VectorClock other) {
        int[] os = other.slots;
        if (os == slots || (other.shared && os == lastJoined)) {
            return;
        }
        int[] ot = other.times;
        boolean owned = false;
        for (int i = 0; i < os.length; i++) {
            int k = os[i];
            if (k != 0 && ot[i] > get(k - 1)) {
                if (!owned) {
                    own(size + other.size);
                    owned = true;
                }
                put(k - 1, ot[i]);
            }
        }
        if (other.shared) {
            lastJoined = os;
        }
    }

    /** Raises slot {@code slot} to at least {@code time}. */
    void raise(int slot, int time) {
        if (get(slot) < time) {
            set(slot, time);
        }
    }

    /** Becomes a copy of {@code other} (Go's release-store). */
    void assign(VectorClock other) {
        lastJoined = null;
        slots = other.slots;
        times = other.times;
        size = other.size;
        shared = true;
        other.shared = true;
    }

    /** Room for {@code entries}, in arrays of this clock's own. */
    private void own(int entries) {
        int capacity = slots.length;
        int needed = capacity == 0 ? 4 : capacity;
        while (entries * 2 > needed) {
            needed *= 2;
        }
        if (needed != capacity) {
            int[] oldSlots = slots;
            int[] oldTimes = times;
            slots = new int[needed];
            times = new int[needed];
            size = 0;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldSlots[i] != 0) {
                    put(oldSlots[i] - 1, oldTimes[i]);
                }
            }
            shared = false;
        } else if (shared) {
            slots = Arrays.copyOf(slots, capacity);
            times = Arrays.copyOf(times, capacity);
            shared = false;
        }
    }

    /** Stores into arrays this clock owns, with room for one more entry. */
    private void put(int slot, int time) {
        int mask = slots.length - 1;
        for (int i = hash(slot) & mask; ; i = (i + 1) & mask) {
            int k = slots[i];
            if (k == slot + 1) {
                times[i] = time;
                return;
            }
            if (k == 0) {
                slots[i] = slot + 1;
                times[i] = time;
                size++;
                return;
            }
        }
    }

    private static int hash(int slot) {
        return slot * 0x9E3779B9 >>> 8;
    }
}
