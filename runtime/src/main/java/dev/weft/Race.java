package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;

/**
 * Annotations for the race detector, like Go's {@code runtime.RaceAcquire}: they tell it about
 * synchronization it cannot see (a spin on memory it does not track, a hand-off through native
 * code). Without race mode (the agent's {@code race} option) they do nothing.
 */
public final class Race {
    private Race() {}

    /** Whether race mode is on. */
    public static boolean enabled() {
        return RaceMode.ENABLED;
    }

    /** Orders this goroutine after every {@link #release} on {@code sync} (race mode only). */
    public static void acquire(Object sync) {
        if (RaceMode.ENABLED) {
            Sync.acquire(sync);
        }
    }

    /** Orders every later {@link #acquire} on {@code sync} after this point (race mode only). */
    public static void release(Object sync) {
        if (RaceMode.ENABLED) {
            Sync.release(sync);
        }
    }

    /**
     * Ignores this goroutine's accesses until {@link #enable} (race mode only). Calls nest; the
     * synchronization in between is still seen.
     */
    public static void disable() {
        if (RaceMode.ENABLED) {
            Sync.disable();
        }
    }

    /** Ends a {@link #disable}. */
    public static void enable() {
        if (RaceMode.ENABLED) {
            Sync.enable();
        }
    }
}
