package dev.weft.internal.race;

/**
 * An epoch {@code c@t}: the time {@code c} of the actor in slot {@code t}, packed in a long.
 * Zero is no epoch: every actor's clock starts at 1.
 */
final class Epoch {
    static final int SLOT_BITS = 22;
    static final int MAX_SLOTS = 1 << SLOT_BITS;
    private static final long SLOT_MASK = MAX_SLOTS - 1;

    private Epoch() {}

    static long of(int clock, int slot) {
        return ((long) clock << SLOT_BITS) | slot;
    }

    static int clock(long epoch) {
        return (int) (epoch >>> SLOT_BITS);
    }

    static int slot(long epoch) {
        return (int) (epoch & SLOT_MASK);
    }
}
