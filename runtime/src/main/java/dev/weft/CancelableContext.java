package dev.weft;

/**
 * A context that can be canceled: what {@code context.WithCancel}, {@code WithTimeout} and
 * {@code WithDeadline} return with their cancel function. {@link #close} cancels, so a
 * try-with-resources block plays the part of Go's {@code defer cancel()}.
 */
public interface CancelableContext extends Context, AutoCloseable {
    /** Cancels this context and its children; later calls do nothing. */
    void cancel();

    /**
     * Go 1.20's {@code CancelCauseFunc}: cancels this context and its children, with
     * {@code cause} as what {@link #cause()} answers here and below (null: as {@link #cancel()}).
     * {@link #err} is then a {@link CanceledException}, as after {@code cancel()}: the cause is
     * kept apart from the error, as in Go.
     * The first cancel wins: later calls, with or without a cause, do nothing.
     */
    void cancel(Throwable cause);

    /** Same as {@link #cancel}. */
    @Override
    void close();
}
