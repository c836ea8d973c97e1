package dev.weft.internal.race;

/**
 * A goroutine or a plain thread as the detector sees it: a slot, its own time in that slot, and
 * a vector clock of what it knows of everyone else's ({@code C_t} in FastTrack).
 *
 * <p>Its own time lives in {@link #clock}, and is added to a synchronizer's clock when it is
 * published there, never written into its own {@link #vc}: advancing time copies nothing.
 * Only the actor's own thread touches it, except that whoever completes a
 * channel operation with a parked waiter, holding that channel's lock, updates the waiter's
 * clock (the wake-up that follows orders that write before the waiter reads it).
 */
public final class Actor {
    final int slot;
    int clock;
    final VectorClock vc = new VectorClock();
    final Origin origin;
    /** {@code Race.disable} depth: accesses are ignored while positive. */
    int disabled;
    /** Static initializers running on this actor: their accesses are ordered before every use of the class. */
    int initializing;
    /**
     * Whether this actor has accessed memory since its last release: if not, its last release
     * published everything it did, and its slot can be reused by whoever learnt that release.
     */
    boolean touched;
    /** The parent's slot and time at this actor's start, kept beside {@link #vc} until it is settled; -1 for none. */
    private int inheritedSlot = -1;
    private int inheritedClock;

    Actor(int slot, int clock, Origin origin) {
        this.slot = slot;
        this.clock = clock;
        this.origin = origin;
    }

    long epoch() {
        return Epoch.of(clock, slot);
    }

    /** What this actor knows of slot {@code s}'s time. */
    int known(int s) {
        if (s == slot) {
            return clock;
        }
        int t = vc.get(s);
        return s == inheritedSlot && inheritedClock > t ? inheritedClock : t;
    }

    /** Whether the access at {@code epoch} happened before this actor's present. */
    boolean covers(long epoch) {
        return Epoch.clock(epoch) <= known(Epoch.slot(epoch));
    }

    boolean ignoring() {
        return disabled > 0 || initializing > 0;
    }

    /**
     * Starts as a child of {@code parent}: knows all it knows. The child shares the parent's
     * clock arrays and keeps the parent's own time beside them, so that starting a goroutine
     * copies nothing and all the children of one parent share one clock.
     */
    void inherit(Actor parent) {
        parent.settle();
        vc.assign(parent.vc);
        inheritedSlot = parent.slot;
        inheritedClock = parent.clock;
        parent.advance();
    }

    /** Folds the inherited time into the clock itself (before it is handed on). */
    private void settle() {
        if (inheritedSlot >= 0) {
            vc.raise(inheritedSlot, inheritedClock);
            inheritedSlot = -1;
        }
    }

    /** Acquire: everything {@code sync} was released with happened before this actor's present. */
    void acquire(VectorClock sync) {
        vc.join(sync);
    }

    /** Acquire from another actor's present (a hand-off, a join of an ended thread). */
    void learn(Actor other) {
        vc.join(other.vc);
        if (other.inheritedSlot >= 0) {
            vc.raise(other.inheritedSlot, other.inheritedClock);
        }
        vc.raise(other.slot, other.clock);
    }

    /** Release (Go's release-merge): joins this actor's present into {@code sync}, then moves on. */
    void releaseInto(VectorClock sync) {
        sync.join(vc);
        if (inheritedSlot >= 0) {
            sync.raise(inheritedSlot, inheritedClock);
        }
        sync.raise(slot, clock);
        advance();
    }

    /** Release-store: {@code sync} becomes this actor's present, then it moves on. */
    void releaseStore(VectorClock sync) {
        sync.assign(vc);
        if (inheritedSlot >= 0) {
            sync.raise(inheritedSlot, inheritedClock);
        }
        sync.raise(slot, clock);
        advance();
    }

    /** A copy of this actor's present, as a clock of its own. */
    VectorClock snapshot() {
        VectorClock c = new VectorClock();
        releaseStore(c);
        return c;
    }

    /** After its present was published: a new epoch, in which it has touched nothing yet. */
    void advance() {
        clock++;
        touched = false;
    }

    /** The last time of this actor that anyone may have to be ordered after, when it ends. */
    int lastUsedClock() {
        return touched ? clock : clock - 1;
    }
}
