package dev.weft;

/** Thrown by {@code Go.run} when a goroutine of the run died of an uncaught Throwable (its cause). */
public class GoroutinePanicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GoroutinePanicException(Throwable cause) {
        super("goroutine panicked: " + cause, cause);
    }
}
