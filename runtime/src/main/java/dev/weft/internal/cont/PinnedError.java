package dev.weft.internal.cont;

/**
 * Thrown in strict mode by a park that would pin its carrier. An Error, so that ordinary
 * {@code catch (Exception)} blocks do not hide a missing {@code @Suspendable}.
 */
public final class PinnedError extends Error {
    private static final long serialVersionUID = 1L;

    public PinnedError(String message) {
        super(message);
    }
}
