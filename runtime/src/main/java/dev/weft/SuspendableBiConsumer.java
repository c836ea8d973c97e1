package dev.weft;

/** A consumer of two values that may park. */
@FunctionalInterface
public interface SuspendableBiConsumer<T, U> {
    @Suspendable
    void accept(T t, U u) throws Exception;
}
