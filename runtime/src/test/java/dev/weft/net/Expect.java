package dev.weft.net;

import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;

/**
 * {@code assertThrows} for bodies that park: JUnit's {@code Executable} is not
 * {@code @Suspendable}, so a socket wait inside it would pin its carrier.
 */
final class Expect {
    private Expect() {}

    /** Runs {@code body}; answers what it threw, which must be a {@code type}. */
    @Suspendable
    static <T extends Throwable> T thrown(Class<T> type, SuspendableRunnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError("expected " + type.getName() + " but got " + t, t);
        }
        throw new AssertionError("expected " + type.getName() + " but nothing was thrown");
    }
}
