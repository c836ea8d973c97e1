package dev.weft;

/** Why a {@link Context} is done: {@link CanceledException} or {@link DeadlineExceededException}. */
public abstract class ContextException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ContextException(String message) {
        super(message, null, false, false);
    }
}
