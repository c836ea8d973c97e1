package dev.weft.internal.race;

import java.util.Arrays;

/**
 * What the detector keeps about one object, each part made when first needed: the state of each
 * tracked field, or of each element for an array; its clocks as a synchronizer (a monitor, a
 * lock, a channel's buffer slots and close, a volatile field); the actor of a {@code Thread}.
 *
 * <p>Every field is read and written under this object's monitor, except {@link VarState}s,
 * which guard themselves once found.
 */
final class Shadow {
    private int[] fieldIds;
    private VarState[] fields;
    private VarState[] elements;
    /** The object as a synchronizer: a monitor, a Mutex, a j.u.c. object, Race.acquire's argument. */
    VectorClock sync;
    /** The object as a Java monitor ({@code synchronized}, {@code wait}): apart from {@link #sync}. */
    VectorClock monitor;
    /** A second clock where Go keeps two: RWMutex readers' releases. */
    VectorClock readers;
    /** A channel's buffer slots (one for an unbuffered channel), and its close. */
    VectorClock[] slots;
    VectorClock closed;
    /** Volatile fields' clocks, by field id. */
    private int[] volatileIds;
    private VectorClock[] volatiles;
    /**
     * A synchronizer this one also acts for (a Future's task, a read lock's ReadWriteLock), or
     * an array of them (allOf's futures), and how.
     */
    Object linked;
    int linkRole;
    /** A VarHandle's field id, once known. */
    int varHandleField;
    /** A Thread's actor, and the clock its start published, once seen. */
    Actor actor;
    VectorClock startClock;
    StackTraceElement[] createdAt;

    synchronized VarState field(int fieldId) {
        int[] ids = fieldIds;
        if (ids != null) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == fieldId) {
                    return fields[i];
                }
            }
        }
        int n = ids == null ? 0 : ids.length;
        fieldIds = ids == null ? new int[1] : Arrays.copyOf(ids, n + 1);
        fields = fields == null ? new VarState[1] : Arrays.copyOf(fields, n + 1);
        fieldIds[n] = fieldId;
        return fields[n] = new VarState();
    }

    synchronized VarState element(int index, int length) {
        VarState[] e = elements;
        if (e == null || e.length <= index) {
            elements = e = e == null ? new VarState[Math.max(length, index + 1)] : Arrays.copyOf(e, Math.max(length, index + 1));
        }
        VarState v = e[index];
        return v != null ? v : (e[index] = new VarState());
    }

    synchronized VectorClock sync() {
        return sync != null ? sync : (sync = new VectorClock());
    }

    synchronized VectorClock volatileClock(int fieldId) {
        int[] ids = volatileIds;
        if (ids != null) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] == fieldId) {
                    return volatiles[i];
                }
            }
        }
        int n = ids == null ? 0 : ids.length;
        volatileIds = ids == null ? new int[1] : Arrays.copyOf(ids, n + 1);
        volatiles = volatiles == null ? new VectorClock[1] : Arrays.copyOf(volatiles, n + 1);
        volatileIds[n] = fieldId;
        return volatiles[n] = new VectorClock();
    }
}
