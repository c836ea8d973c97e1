package dev.weft;

/**
 * Thrown in strict mode (agent option {@code strict}, or {@code -Dweft.strict=true}) by a park
 * that would pin its carrier thread: a frame between the park and the goroutine's entry cannot
 * unwind. The message names that frame and what to do about it. An {@code Error}, so that an
 * ordinary {@code catch (Exception e)} does not hide a missing {@code @Suspendable}.
 */
public final class PinnedError extends Error {
    private static final long serialVersionUID = 1L;

    public PinnedError(String message) {
        super(message);
    }
}
