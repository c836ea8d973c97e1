package dev.weft;

/**
 * A context that can be canceled: what {@code context.WithCancel}, {@code WithTimeout} and
 * {@code WithDeadline} return with their cancel function. {@link #close} cancels, so a
 * try-with-resources block plays the part of Go's {@code defer cancel()}.
 */
public interface CancelableContext extends Context, AutoCloseable {
    /** Cancels this context and its children; later calls do nothing. */
    void cancel();

    /** Same as {@link #cancel}. */
    @Override
    void close();
}
