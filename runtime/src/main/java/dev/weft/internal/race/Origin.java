package dev.weft.internal.race;

/**
 * Who made an access, as a report names it: a goroutine (by id, the main goroutine of a run
 * said so) or a plain thread (by name), where it was created, and whether it has ended. Small
 * and separate from the {@link Actor}, whose clock may be large: every access remembered keeps
 * its origin alive, never an actor.
 */
final class Origin {
    /** The goroutine's id, or 0 for a plain thread. */
    final long goroutine;
    final boolean mainGoroutine;
    final String threadName;
    /** Where it was started (innermost first), or null when the detector did not see it start. */
    final StackTraceElement[] createdAt;
    volatile boolean finished;

    Origin(long goroutine, boolean mainGoroutine, String threadName, StackTraceElement[] createdAt) {
        this.goroutine = goroutine;
        this.mainGoroutine = mainGoroutine;
        this.threadName = threadName;
        this.createdAt = createdAt;
    }

    /** As after "by" in a report: {@code goroutine 7}, {@code main goroutine}, {@code thread "main"}. */
    String describe() {
        if (goroutine == 0) {
            return "thread \"" + threadName + "\"";
        }
        return mainGoroutine ? "main goroutine" : "goroutine " + goroutine;
    }

    /** As a section title: {@code Goroutine 7 (running)}, {@code Thread "pool-1-thread-1" (finished)}. */
    String title() {
        String who = goroutine == 0 ? "Thread \"" + threadName + "\"" : "Goroutine " + goroutine;
        return who + " (" + (finished ? "finished" : "running") + ")";
    }

    /** Whether a report has a "created at" section for it: Go prints none for the main goroutine. */
    boolean hasCreationSection() {
        return !mainGoroutine && !(goroutine == 0 && "main".equals(threadName) && createdAt == null);
    }
}
