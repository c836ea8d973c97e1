package dev.weft;

/** Go's {@code context.Canceled}: the context was canceled. */
public class CanceledException extends ContextException {
    private static final long serialVersionUID = 1L;

    public CanceledException() {
        super("context canceled");
    }
}
