package dev.weft;

/** A function of one argument that may park. */
@FunctionalInterface
public interface SuspendableFunction<T, R> {
    @Suspendable
    R apply(T value) throws Exception;
}
