package dev.weft.internal.race;

import java.util.Arrays;

/**
 * What the detector keeps of each static field, by field id, since static fields have no
 * object to shadow: its state as a location, and an object standing for it as a synchronizer
 * (a static volatile field, a static VarHandle).
 */
final class Statics {
    private static VarState[] states = new VarState[64];
    private static Object[] keys = new Object[64];

    private Statics() {}

    static synchronized VarState of(int fieldId) {
        states = fit(states, fieldId);
        VarState v = states[fieldId];
        return v != null ? v : (states[fieldId] = new VarState());
    }

    /** The object that stands for static field {@code fieldId} as a synchronizer. */
    static synchronized Object key(int fieldId) {
        keys = fit(keys, fieldId);
        Object k = keys[fieldId];
        return k != null ? k : (keys[fieldId] = new Object());
    }

    private static <T> T[] fit(T[] a, int index) {
        return index < a.length ? a : Arrays.copyOf(a, Math.max(index + 1, a.length * 2));
    }
}
