package dev.weft;

/**
 * Annotations for the race detector, like Go's {@code runtime.RaceAcquire}: they tell it about
 * synchronization it cannot see. Without race mode (the agent's {@code race} option) they do
 * nothing; this build has no race mode yet, so {@link #enabled} is false.
 */
public final class Race {
    private Race() {}

    public static boolean enabled() {
        return false;
    }

    /** Orders this goroutine after every {@link #release} on {@code sync} (race mode only). */
    public static void acquire(Object sync) {
    }

    /** Orders every later {@link #acquire} on {@code sync} after this point (race mode only). */
    public static void release(Object sync) {
    }

    /** Ignores this goroutine's accesses until {@link #enable} (race mode only). */
    public static void disable() {
    }

    public static void enable() {
    }
}
