package dev.weft;

/**
 * Thrown by {@code Go.run} when every goroutine is asleep: its message is Go's
 * {@code all goroutines are asleep - deadlock!} followed by a dump of every goroutine.
 */
public class DeadlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeadlockException(String message) {
        super(message);
    }
}
