package dev.weft.testing;

import java.util.function.Supplier;

/**
 * Runs a body with a system property set (the runtime reads its switches, such as
 * {@code weft.strict} and {@code weft.pinWarnings}, on each use) and restores the property,
 * or its absence, afterwards, whatever the body does.
 */
public final class SystemProperty {
    private SystemProperty() {}

    /** What {@code body} returns, run with {@code key} set to {@code value}. */
    public static <T> T with(String key, String value, Supplier<T> body) {
        String previous = System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }
}
