package dev.weft;

/**
 * What {@link Context#afterFunc} returns: Go's {@code stop} function for a function waiting to
 * run once its context is done.
 */
public interface AfterFunc {
    /**
     * Stops the function from being run. True if this call stopped it; false if it already ran
     * (or was started) or was stopped before.
     */
    boolean stop();
}
