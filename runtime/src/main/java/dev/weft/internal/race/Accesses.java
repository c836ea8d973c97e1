package dev.weft.internal.race;

/**
 * What race-instrumented application code calls before each access it makes: the instance or
 * static field or array element at a site ({@link Sites}), or a range of an array for a bulk
 * operation. Also the brackets of a static initializer, whose accesses are ordered before every
 * use of its class by the JVM's class-initialization lock, and so are not tracked.
 *
 * <p>A null object or an index out of bounds is ignored here: the access itself throws next.
 */
public final class Accesses {
    private Accesses() {}

    public static void read(Object o, int site) {
        Actor a = Actors.current();
        if (a != null && o != null && !a.ignoring()) {
            ShadowTable.of(o).field(Sites.fieldId(site)).read(a, site, o, -1);
        }
    }

    public static void write(Object o, int site) {
        Actor a = Actors.current();
        if (a != null && o != null && !a.ignoring()) {
            ShadowTable.of(o).field(Sites.fieldId(site)).write(a, site, o, -1);
        }
    }

    public static void readStatic(int site) {
        Actor a = Actors.current();
        if (a != null && !a.ignoring()) {
            Statics.of(Sites.fieldId(site)).read(a, site, null, -1);
        }
    }

    public static void writeStatic(int site) {
        Actor a = Actors.current();
        if (a != null && !a.ignoring()) {
            Statics.of(Sites.fieldId(site)).write(a, site, null, -1);
        }
    }

    public static void readElement(Object array, int index, int site) {
        Actor a = Actors.current();
        if (a != null && array != null && !a.ignoring() && index >= 0 && index < java.lang.reflect.Array.getLength(array)) {
            ShadowTable.of(array).element(index, java.lang.reflect.Array.getLength(array)).read(a, site, array, index);
        }
    }

    public static void writeElement(Object array, int index, int site) {
        Actor a = Actors.current();
        if (a != null && array != null && !a.ignoring() && index >= 0 && index < java.lang.reflect.Array.getLength(array)) {
            ShadowTable.of(array).element(index, java.lang.reflect.Array.getLength(array)).write(a, site, array, index);
        }
    }

    /**
     * Reads of elements {@code [from, from + length)}; a length of {@code Integer.MAX_VALUE} is
     * the rest of the array. A range outside the array is nothing: the operation throws.
     */
    public static void readRange(Object array, int from, int length, int site) {
        range(array, from, length, site, false);
    }

    public static void writeRange(Object array, int from, int length, int site) {
        range(array, from, length, site, true);
    }

    private static void range(Object array, int from, int length, int site, boolean write) {
        Actor a = Actors.current();
        if (a == null || array == null || !array.getClass().isArray() || a.ignoring()) {
            return;
        }
        int n = java.lang.reflect.Array.getLength(array);
        if (from < 0 || length < 0 || (length != Integer.MAX_VALUE && (long) from + length > n)) {
            return;
        }
        int start = from;
        long end = Math.min((long) n, (long) from + length);
        Shadow s = ShadowTable.of(array);
        for (int i = start; i < end; i++) {
            VarState v = s.element(i, n);
            if (write) {
                v.write(a, site, array, i);
            } else {
                v.read(a, site, array, i);
            }
        }
    }

    /** A static initializer starts on this thread. */
    public static void initializerEnter() {
        Actor a = Actors.current();
        if (a != null) {
            a.initializing++;
        }
    }

    /** A static initializer ends on this thread, normally or not. */
    public static void initializerExit() {
        Actor a = Actors.current();
        if (a != null && a.initializing > 0) {
            a.initializing--;
        }
    }
}
