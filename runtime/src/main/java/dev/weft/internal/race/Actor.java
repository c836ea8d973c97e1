package dev.weft.internal.race;

/**
 * A goroutine or a plain thread as the detector sees it: a slot, its own time in that slot, and
 * a vector clock of what it knows of everyone else's ({@code C_t} in FastTrack).
 *
 * <p>Its own time lives in {@link #clock}; the clock's entry for its slot is brought up to date
 * only when the clock is published to a synchronizer ({@link #published}), so that advancing
 * time copies nothing. Only the actor's own thread touches it, except that whoever completes a
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
        return s == slot ? clock : vc.get(s);
    }

    /** Whether the access at {@code epoch} happened before this actor's present. */
    boolean covers(long epoch) {
        return Epoch.clock(epoch) <= known(Epoch.slot(epoch));
    }

    boolean ignoring() {
        return disabled > 0 || initializing > 0;
    }

    /** The clock with this actor's own entry current, to be joined or copied into a synchronizer's. */
    VectorClock published() {
        if (vc.get(slot) != clock) {
            vc.set(slot, clock);
        }
        return vc;
    }

    /** Acquire: everything {@code sync} was released with happened before this actor's present. */
    void acquire(VectorClock sync) {
        vc.join(sync);
    }

    /** Release (Go's release-merge): joins this actor's present into {@code sync}, then moves on. */
    void releaseInto(VectorClock sync) {
        sync.join(published());
        advance();
    }

    /** Release-store: {@code sync} becomes this actor's present, then it moves on. */
    void releaseStore(VectorClock sync) {
        sync.assign(published());
        advance();
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
