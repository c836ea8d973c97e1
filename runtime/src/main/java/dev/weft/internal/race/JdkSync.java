package dev.weft.internal.race;

import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What race-instrumented application code calls around its calls into the JDK's
 * synchronization, to learn the orders the Java memory model and {@code java.util.concurrent}'s
 * "Memory Consistency Properties" promise: monitors and {@code wait}, volatile fields,
 * {@code Thread.start} and {@code join}, and every call on a {@code java.util.concurrent} object
 * (a lock, an atomic, a latch, a queue, a concurrent map, a future, an executor).
 *
 * <p>A call on a concurrent object is modelled by what its name says it does: a {@link #ACQUIRE}
 * (a get, a take, a lock) learns what the object was released with, a {@link #RELEASE} (a put,
 * a set, an unlock, a count-down) releases into it, and anything else does both. Where the
 * library promises less (two threads that only read a concurrent map are not ordered by the
 * Java memory model) this may order too much and hide a race, never report one that is not.
 * A task handed to an executor or a {@code CompletableFuture} is wrapped ({@link Task}): its run
 * is ordered after its submission, and the future its submission returned after its run.
 */
public final class JdkSync {
    public static final int ACQUIRE = 1;
    public static final int RELEASE = 2;
    public static final int BOTH = 3;
    /** With a role: the receiver is a monitor ({@code wait}), whatever its class. */
    public static final int MONITOR = 4;
    /** Link roles: the object returned is a read or write lock of its receiver, or acts for it too. */
    static final int LINK_NONE = 0;
    static final int LINK_READ = 1;
    static final int LINK_WRITE = 2;
    static final int LINK_SAME = 3;

    private static final ClassValue<Boolean> CONCURRENT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                String n = c.getName();
                if (n.startsWith("java.util.concurrent.") || n.startsWith("java.util.Collections$Synchronized")
                        || n.equals("java.util.Vector") || n.equals("java.util.Hashtable")) {
                    return true;
                }
            }
            return false;
        }
    };

    private JdkSync() {}

    // ---- monitors ----------------------------------------------------------------------------

    /** After {@code monitorenter} and at the start of a synchronized method. */
    public static void monitorEnter(Object o) {
        Actor a = Actors.current();
        if (a != null && o != null) {
            monitor(a, o, true);
        }
    }

    /** Before {@code monitorexit} and wherever a synchronized method returns or throws. */
    public static void monitorExit(Object o) {
        Actor a = Actors.current();
        if (a != null && o != null) {
            monitor(a, o, false);
        }
    }

    // ---- volatile fields ---------------------------------------------------------------------

    /** After a read of a volatile field: the write it saw is ordered before what follows. */
    public static void volatileRead(Object o, int site) {
        Actor a = Actors.current();
        if (a != null && o != null) {
            Shadow s = ShadowTable.peek(o);
            if (s != null) {
                VectorClock c = s.volatileClock(Sites.fieldId(site));
                synchronized (s) {
                    a.acquire(c);
                }
            }
        }
    }

    /** Before a write of a volatile field. */
    public static void volatileWrite(Object o, int site) {
        Actor a = Actors.current();
        if (a != null && o != null) {
            Shadow s = ShadowTable.of(o);
            VectorClock c = s.volatileClock(Sites.fieldId(site));
            synchronized (s) {
                a.releaseInto(c);
            }
        }
    }

    public static void volatileReadStatic(int site) {
        Sync.acquire(Statics.key(Sites.fieldId(site)));
    }

    public static void volatileWriteStatic(int site) {
        Sync.release(Statics.key(Sites.fieldId(site)));
    }

    // ---- calls -------------------------------------------------------------------------------

    /**
     * Before a call that may synchronize: {@code receiver.name(...)} for a concurrent object (or
     * one that may be, as a {@code java.util.Map} may be a ConcurrentHashMap), a {@code wait},
     * a {@code Thread.start}. Application code may run inside the call (a key's {@code equals}
     * inside a map's {@code get}, a compute function, a FutureTask's callable), so an acquire is
     * made before the call as well as after it, and a call that both acquires and releases
     * releases after it too. Acquiring early only adds orders that held already.
     */
    public static void before(Object receiver, int role) {
        if (receiver == null || (role & BOTH) == 0 || ((role & MONITOR) == 0 && !concurrent(receiver))) {
            return;
        }
        if (receiver instanceof Thread t && (role & MONITOR) == 0) {
            if ((role & RELEASE) != 0) {
                started(t);
            }
            return; // a join acquires after it
        }
        Actor a = Actors.current();
        if (a == null) {
            return;
        }
        if ((role & MONITOR) != 0) {
            monitor(a, receiver, false);
            return;
        }
        if ((role & ACQUIRE) != 0) {
            acquire(a, receiver);
        }
        if ((role & RELEASE) != 0) {
            release(a, receiver);
        }
    }

    /**
     * After such a call; {@code result} is what it returned (or null), {@code task} the task it
     * was given (or the futures it was given, for allOf), if any.
     */
    public static void after(Object result, Object receiver, Object task, int role, int linkRole) {
        Actor a = Actors.current();
        if (a == null) {
            return;
        }
        if (receiver != null && (role & ACQUIRE) != 0 && ((role & MONITOR) != 0 || concurrent(receiver))) {
            if ((role & MONITOR) != 0) {
                monitor(a, receiver, true);
            } else if (receiver instanceof Thread t) {
                joined(a, t);
            } else {
                acquire(a, receiver);
                if ((role & BOTH) == BOTH) {
                    release(a, receiver);
                }
            }
        }
        if (result != null && result != receiver && concurrent(result) && (task != null || linkRole != LINK_NONE)) {
            link(result, task != null ? task : receiver, task != null ? LINK_SAME : linkRole);
        }
    }

    /** A concurrent object was constructed with {@code task} (a barrier's action, a FutureTask's callable). */
    public static void constructed(Object made, Object task) {
        if (made != null && task instanceof Task t) {
            t.source = made;
            link(made, t, LINK_SAME);
        }
    }

    private static void link(Object o, Object to, int role) {
        Shadow s = ShadowTable.of(o);
        synchronized (s) {
            s.linked = to;
            s.linkRole = role;
        }
    }

    static boolean concurrent(Object o) {
        return o instanceof Thread || o instanceof Task || CONCURRENT.get(o.getClass());
    }

    /** What the code running now learns from {@code o}: its own clock, and what it is linked to. */
    static void acquire(Actor a, Object o) {
        Shadow s = ShadowTable.peek(o);
        if (s == null) {
            return;
        }
        Object linked;
        int role;
        synchronized (s) {
            linked = s.linked;
            role = s.linkRole;
            if (s.sync != null && (linked == null || role == LINK_SAME)) {
                a.acquire(s.sync);
            }
        }
        if (linked instanceof Object[] all) {
            for (Object l : all) {
                if (l != null && l != o) {
                    acquire(a, l);
                }
            }
        } else if (linked != null) {
            if (role == LINK_WRITE) {
                Sync.acquireWrite(linked);
            } else {
                Sync.acquire(a, linked);
            }
        }
    }

    private static void release(Actor a, Object o) {
        Shadow s = ShadowTable.of(o);
        Object linked;
        int role;
        synchronized (s) {
            linked = s.linked;
            role = s.linkRole;
            if (linked == null || role == LINK_SAME) {
                a.releaseInto(s.sync());
            }
        }
        if (linked != null && !(linked instanceof Object[])) {
            if (role == LINK_READ) {
                Sync.releaseRead(linked);
            } else {
                Sync.release(linked);
            }
        }
    }

    /** A monitor's own clock, apart from the object's as a j.u.c. synchronizer (a ReentrantLock is both, unrelated). */
    private static void monitor(Actor a, Object o, boolean acquire) {
        Shadow s = acquire ? ShadowTable.peek(o) : ShadowTable.of(o);
        if (s == null) {
            return;
        }
        synchronized (s) {
            if (acquire) {
                if (s.monitor != null) {
                    a.acquire(s.monitor);
                }
            } else {
                if (s.monitor == null) {
                    s.monitor = new VectorClock();
                }
                a.releaseInto(s.monitor);
            }
        }
    }

    private static void started(Thread t) {
        Actor a = Actors.current();
        Shadow s = ShadowTable.of(t);
        synchronized (s) {
            if (a != null) {
                s.startClock = a.snapshot();
            }
            s.createdAt = Reports.creationStack();
        }
    }

    private static void joined(Actor a, Thread t) {
        if (t.isAlive()) {
            return;
        }
        Shadow s = ShadowTable.peek(t);
        if (s != null) {
            Actor child;
            synchronized (s) {
                child = s.actor;
            }
            if (child != null && child != a) {
                a.learn(child);
                child.origin.finished = true;
            }
        }
    }

    // ---- tasks -------------------------------------------------------------------------------

    /** How a wrapped task uses the call's receiver: runs after it (a stage it depends on), releases into it at its end. */
    public static final int TASK_AFTER_RECEIVER = 1;
    public static final int TASK_INTO_RECEIVER = 2;

    /**
     * A task handed to an executor or a CompletableFuture, of the functional interface
     * {@code kind} ({@link Task#RUNNABLE}...): ordered after now, and what waits for it after
     * its end.
     */
    public static Object wrap(Object task, int kind, Object receiver, int uses) {
        if (task == null || task instanceof Task) {
            return task;
        }
        Task t = Task.of(task, kind);
        t.source = (uses & TASK_AFTER_RECEIVER) != 0 ? receiver : null;
        t.sink = (uses & TASK_INTO_RECEIVER) != 0 ? receiver : null;
        Sync.release(t);
        return t;
    }

    /** Every task of an {@code invokeAll} or {@code invokeAny}. */
    public static Collection<?> wrapAll(Collection<?> tasks) {
        if (tasks == null) {
            return null;
        }
        List<Object> wrapped = new ArrayList<>(tasks.size());
        for (Object t : tasks) {
            wrapped.add(wrap(t, Task.CALLABLE, null, 0));
        }
        return wrapped;
    }

    /** The futures an {@code invokeAll} returned, for its tasks: each acts for its task. */
    public static void linkAll(Object futures, Object tasks) {
        if (futures instanceof List<?> fs && tasks instanceof List<?> ts) {
            for (int i = 0; i < Math.min(fs.size(), ts.size()); i++) {
                after(fs.get(i), null, ts.get(i), 0, LINK_SAME);
            }
        }
    }

    // ---- bulk and reflective accesses --------------------------------------------------------

    public static void range(Object array, int from, int length, boolean write, int site) {
        if (write) {
            Accesses.writeRange(array, from, length, site);
        } else {
            Accesses.readRange(array, from, length, site);
        }
    }

    /** {@code System.arraycopy}: a read of the source range, a write of the destination's. */
    public static void arraycopy(Object src, int srcPos, Object dst, int dstPos, int length, int site) {
        if (src == null || dst == null || !src.getClass().isArray() || !dst.getClass().isArray() || length < 0
                || srcPos < 0 || dstPos < 0 || (long) srcPos + length > java.lang.reflect.Array.getLength(src)
                || (long) dstPos + length > java.lang.reflect.Array.getLength(dst)) {
            return; // it throws and copies nothing
        }
        Accesses.readRange(src, srcPos, length, site);
        Accesses.writeRange(dst, dstPos, length, site);
    }

    /** A reflective {@code Field} get or set of {@code o} (null: static). */
    public static void field(Field f, Object o, boolean write, int site) {
        if (f == null || f.getDeclaringClass().getName().startsWith("java.")) {
            return;
        }
        int id = Sites.newFieldId(f.getDeclaringClass().getName() + "." + f.getName());
        boolean isStatic = Modifier.isStatic(f.getModifiers());
        if (Modifier.isVolatile(f.getModifiers())) {
            Object key = isStatic ? Statics.key(id) : o;
            if (key != null) {
                if (write) {
                    Sync.release(key);
                } else {
                    Sync.acquire(key);
                }
            }
            return;
        }
        Actor a = Actors.current();
        if (a == null || a.ignoring() || Modifier.isFinal(f.getModifiers())) {
            return;
        }
        VarState v = isStatic ? Statics.of(id) : o == null ? null : ShadowTable.of(o).field(id);
        if (v != null) {
            if (write) {
                v.write(a, site, o, -1);
            } else {
                v.read(a, site, o, -1);
            }
        }
    }

    /** A reflective {@code Array} get or set. */
    public static void element(Object array, int index, boolean write, int site) {
        if (write) {
            Accesses.writeElement(array, index, site);
        } else {
            Accesses.readElement(array, index, site);
        }
    }

    // ---- VarHandles -----------------------------------------------------------------------

    /** VarHandle access modes: plain get and set are accesses; the others also synchronize, as Go's atomics do. */
    static final int VH_PLAIN_READ = 0;
    static final int VH_PLAIN_WRITE = 1;
    static final int VH_ATOMIC_READ = 2;
    static final int VH_ATOMIC_WRITE = 3;
    static final int VH_ATOMIC_UPDATE = 4;

    /** {@code lookup.findVarHandle(type, name, ...)} made {@code vh}: its accesses are to field {@code type.name}. */
    public static void varHandleMade(Object vh, Object type, Object name) {
        if (vh != null && type instanceof Class<?> c && name instanceof String n) {
            int id = Sites.fieldId(c.getName() + "." + n);
            Shadow s = ShadowTable.of(vh);
            synchronized (s) {
                s.varHandleField = id != 0 ? id : Sites.newFieldId(c.getName() + "." + n);
            }
        }
    }

    /**
     * Before a VarHandle call: an access of what it points at, for a write mode released after;
     * {@code first} and {@code index} are its first two arguments when they are an object and an
     * int, for the handle's coordinates (none: static; one: an object's field; two: an array element).
     */
    public static void varHandleBefore(Object vh, Object first, int index, int mode, int site) {
        Actor a = Actors.current();
        if (a == null || !(vh instanceof VarHandle h)) {
            return;
        }
        Target t = target(h, first, index);
        if (t == null) {
            return;
        }
        boolean write = mode != VH_PLAIN_READ && mode != VH_ATOMIC_READ;
        if (mode == VH_PLAIN_READ || mode == VH_PLAIN_WRITE) {
            if (!a.ignoring()) {
                access(a, t, write, site);
            }
            return;
        }
        // An atomic access is ordered with every other atomic access of its target, as if under
        // one lock, so two atomics never race; a plain access has no such order, and races with them.
        synchronized (t.shadow) {
            a.acquire(t.sync);
            if (!a.ignoring()) {
                access(a, t, write, site);
            }
            a.releaseInto(t.sync);
        }
    }

    private static void access(Actor a, Target t, boolean write, int site) {
        if (write) {
            t.state.write(a, site, t.object, t.index);
        } else {
            t.state.read(a, site, t.object, t.index);
        }
    }

    /** After a VarHandle call: a read mode acquires what the write it saw released. */
    public static void varHandleAfter(Object vh, Object first, int index, int mode) {
        if (mode != VH_ATOMIC_READ && mode != VH_ATOMIC_UPDATE) {
            return;
        }
        Actor a = Actors.current();
        if (a == null || !(vh instanceof VarHandle h)) {
            return;
        }
        Target t = target(h, first, index);
        if (t != null) {
            synchronized (t.shadow) {
                a.acquire(t.sync);
            }
        }
    }

    /** What a VarHandle call touches: its state as a location, and its clock as a synchronizer. */
    private record Target(Object object, int index, Shadow shadow, VarState state, VectorClock sync) {}

    private static Target target(VarHandle h, Object first, int index) {
        int coordinates = h.coordinateTypes().size();
        if (coordinates == 2) {
            if (first == null || !first.getClass().isArray() || index < 0 || index >= java.lang.reflect.Array.getLength(first)) {
                return null;
            }
            Shadow s = ShadowTable.of(first);
            return new Target(first, index, s, s.element(index, java.lang.reflect.Array.getLength(first)), s.volatileClock(-1 - index));
        }
        Shadow hs = ShadowTable.of(h);
        int id;
        synchronized (hs) {
            if (hs.varHandleField == 0) {
                hs.varHandleField = Sites.newFieldId("VarHandle@" + Integer.toHexString(System.identityHashCode(h)));
            }
            id = hs.varHandleField;
        }
        if (coordinates == 0) {
            Object key = Statics.key(id);
            Shadow s = ShadowTable.of(key);
            return new Target(null, -1, s, Statics.of(id), s.sync());
        }
        if (first == null) {
            return null;
        }
        Shadow s = ShadowTable.of(first);
        return new Target(first, -1, s, s.field(id), s.volatileClock(id));
    }

    /** {@code System.exit(status)} or {@code Runtime.exit(status)} from application code. */
    public static void exit(int status) {
        Reports.exitRequested(status);
    }
}
