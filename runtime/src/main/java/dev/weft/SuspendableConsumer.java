package dev.weft;

/** A consumer of values that may park. */
@FunctionalInterface
public interface SuspendableConsumer<T> {
    @Suspendable
    void accept(T value) throws Exception;
}
