package dev.weft.internal.sched;

/**
 * Goroutines for the jcstress tests of this package: real {@link G}s that are never started, so
 * a test can put them into run queues without running anything.
 */
final class Goroutines {
    private Goroutines() {}

    /** A goroutine of no run, with an empty body, queued nowhere. */
    static G unstarted() {
        return new G(() -> {}, null, 0, null, Scheduler.get(), false, null);
    }
}
