package dev.weft.internal.race;

import java.util.Arrays;

/** One object per static volatile field, by field id, to synchronize on: static fields have no object of their own. */
final class StaticKeys {
    private static Object[] keys = new Object[64];

    private StaticKeys() {}

    static synchronized Object of(int fieldId) {
        if (fieldId >= keys.length) {
            keys = Arrays.copyOf(keys, Math.max(fieldId + 1, keys.length * 2));
        }
        Object k = keys[fieldId];
        return k != null ? k : (keys[fieldId] = new Object());
    }
}
