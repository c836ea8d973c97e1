package dev.weft.internal.race;

import java.util.Arrays;

/**
 * What the detector keeps about one object, each part made when first needed: the state of each
 * tracked field, or of each element for an array; its clocks as a synchronizer (a monitor, a
 * lock, a channel's buffer slots and close, a volatile field); the actor of a {@code Thread}.
 *
 * <p>Every field is written under this object's monitor. The field and element states are also
 * found without it, for the accesses that already have theirs (most): a miss takes the monitor.
 * {@link VarState}s guard themselves once found.
 */
final class Shadow {
    /**
     * Per field id, its state (key 2 id) and its clock if volatile (key 2 id + 1): few per
     * object, so a list. An array once published is never written: adding copies it, so that
     * {@link #keyed} may read it without the monitor.
     */
    private volatile Keyed[] keyed = NONE;
    /** An array's element states; an element once set is never replaced. */
    private volatile VarState[] elements;

    private record Keyed(int key, Object value) {}

    private static final Keyed[] NONE = new Keyed[0];
    /** The object as a synchronizer: a monitor, a Mutex, a j.u.c. object, Race.acquire's argument. */
    VectorClock sync;
    /** The object as a Java monitor ({@code synchronized}, {@code wait}): apart from {@link #sync}. */
    VectorClock monitor;
    /** A second clock where Go keeps two: RWMutex readers' releases. */
    VectorClock readers;
    /** A channel's buffer slots (one for an unbuffered channel), and its close. */
    VectorClock[] slots;
    VectorClock closed;
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

    VarState field(int fieldId) {
        Object v = keyed(2 * fieldId);
        return v != null ? (VarState) v : (VarState) putIfAbsent(2 * fieldId, new VarState());
    }

    VarState element(int index, int length) {
        VarState[] e = elements;
        if (e != null && index < e.length) {
            VarState v = e[index];
            if (v != null) {
                return v;
            }
        }
        return elementLocked(index, length);
    }

    private synchronized VarState elementLocked(int index, int length) {
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

    /** A volatile field's clock (or a VarHandle target's, by a made-up id, negative for an array element). */
    VectorClock volatileClock(int fieldId) {
        Object c = keyed(2 * fieldId + 1);
        return c != null ? (VectorClock) c : (VectorClock) putIfAbsent(2 * fieldId + 1, new VectorClock());
    }

    /** The field state (even keys) or volatile clock (odd keys) kept under {@code key}, or null. */
    private Object keyed(int key) {
        for (Keyed k : keyed) {
            if (k.key == key) {
                return k.value;
            }
        }
        return null;
    }

    private synchronized Object putIfAbsent(int key, Object value) {
        Object there = keyed(key);
        if (there != null) {
            return there;
        }
        Keyed[] k = Arrays.copyOf(keyed, keyed.length + 1);
        k[k.length - 1] = new Keyed(key, value);
        keyed = k;
        return value;
    }
}
