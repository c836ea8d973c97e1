package dev.weft;

/** A computation that may park and returns a value. */
@FunctionalInterface
public interface SuspendableCallable<T> {
    @Suspendable
    T call() throws Exception;
}
