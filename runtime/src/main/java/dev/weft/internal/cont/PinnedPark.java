package dev.weft.internal.cont;

/**
 * What a park does when it cannot unwind: it runs on the continuation's thread, below frames
 * that must stay on the JVM stack, and returns when the continuation may go on. The scheduler
 * blocks the carrier here (and starts a spare one); a single-threaded driver, which has nobody
 * to wait for, returns at once.
 */
@FunctionalInterface
public interface PinnedPark {
    PinnedPark RETURN_AT_ONCE = c -> { };

    void park(Continuation c);

    /**
     * The park will not happen: it throws instead (strict mode's {@code PinnedError}). Whatever
     * the park was to release once committed (the lock of what it waits on) is released here, so
     * the error leaves no lock held behind it.
     */
    default void abandon(Continuation c) {}
}
