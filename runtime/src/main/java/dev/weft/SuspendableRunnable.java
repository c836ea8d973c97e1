package dev.weft;

/** A task that may park: the body of a goroutine. */
@FunctionalInterface
public interface SuspendableRunnable {
    @Suspendable
    void run() throws Exception;
}
