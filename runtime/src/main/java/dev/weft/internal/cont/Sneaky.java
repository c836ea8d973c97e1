package dev.weft.internal.cont;

/** Rethrows any Throwable, checked ones included, without wrapping it. */
public final class Sneaky {
    private Sneaky() {}

    /** Declared to return so callers can write {@code throw Sneaky.rethrow(t)}; it never does. */
    public static RuntimeException rethrow(Throwable t) {
        throw Sneaky.<RuntimeException>as(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T as(Throwable t) throws T {
        throw (T) t;
    }
}
