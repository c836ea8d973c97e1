package dev.weft.internal.race;

import java.util.Arrays;

/** The state of each static field, by field id: static fields have no object to shadow. */
final class Statics {
    private static VarState[] states = new VarState[64];

    private Statics() {}

    static synchronized VarState of(int fieldId) {
        if (fieldId >= states.length) {
            states = Arrays.copyOf(states, Math.max(fieldId + 1, states.length * 2));
        }
        VarState v = states[fieldId];
        return v != null ? v : (states[fieldId] = new VarState());
    }
}
