package dev.weft;

/** Go's {@code context.DeadlineExceeded}: the context's deadline passed. */
public class DeadlineExceededException extends ContextException {
    private static final long serialVersionUID = 1L;

    public DeadlineExceededException() {
        super("context deadline exceeded");
    }
}
