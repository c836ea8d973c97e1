package dev.weft.internal.cont;

import dev.weft.PinnedError;
import dev.weft.Suspendable;
import dev.weft.internal.CallSites;
import dev.weft.internal.Tunables;
import dev.weft.internal.WeftClasses;
import dev.weft.internal.jfr.Recorder;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Explains a pinned park: finds the frame that could not unwind, warns once per such frame
 * (saying what is really wrong there and what to do), and in strict mode turns the pin into an
 * error.
 *
 * <p>A park pins when some frame between it and the continuation's body did not arm the call
 * below it: a method that was not rewritten, a call that is not a suspension point (reflection,
 * a method handle, an interface that is not {@code @Suspendable}), a held monitor, a
 * constructor or static initializer. This runs only on that slow path, so it may walk the stack
 * and use reflection.
 *
 * <p>The advice names the cause it can see, in this order: a class that carries no
 * {@link Woven} marker although its method is suspendable (the agent did not run, or its
 * {@code include=} left the class out, or the build did not weave it); a suspendable method of
 * a woven class that was not rewritten (synchronized, refused by the weaver, or with no call
 * that is a suspension point); a lambda of an interface that is not {@code @Suspendable}; a JDK
 * method; a method that is not {@code @Suspendable}. When every frame was rewritten, the break
 * is a call that is not a suspension point: it names the rewritten method reached through a
 * supertype method that is not {@code @Suspendable} (say {@code java.util.Iterator.hasNext}).
 *
 * <p>A park also pins while the goroutine holds a {@code java.util.concurrent} lock that
 * rewritten code took ({@link HeldLocks}), whatever its frames: the warning then names where the
 * oldest such lock was taken, once per that call site.
 */
final class Pinning {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Pinning() {}

    /**
     * Called by a park that cannot unwind, before it blocks. Answers the method to annotate, or
     * where the held lock that pins it was taken, for the flight recording; null if nobody asked
     * (no warnings, no strict mode, no recording of pins) or no frame is to blame.
     *
     * @param held the j.u.c locks the continuation holds, or null; when it holds one, that is
     *             the reason the park pins
     */
    static String pinned(HeldLocks held) {
        boolean strict = Tunables.strict();
        boolean warn = Tunables.pinWarnings();
        if (!strict && !warn && !Recorder.pinnedRecorded()) {
            return null;
        }
        List<StackWalker.StackFrame> frames = WALKER.walk(st -> st
                .dropWhile(f -> f.getDeclaringClass() == Pinning.class
                        || (f.getDeclaringClass() == Continuation.class && f.getMethodName().equals("park")))
                .takeWhile(f -> !(f.getDeclaringClass() == Continuation.class && f.getMethodName().equals("run")))
                .collect(ArrayList::new, List::add, List::addAll));
        String site;
        String message;
        if (held != null && !held.isEmpty()) {
            site = "lock taken at " + held.firstSite();
            message = explainHeldLock(held.firstSite(), frames);
        } else {
            StackWalker.StackFrame culprit = culprit(frames);
            // With every frame rewritten, the break is a call that is no suspension point: the
            // innermost application frame, which made the blocking call, is the place to look.
            StackWalker.StackFrame blame = culprit != null ? culprit
                    : frames.stream().filter(f -> !WeftClasses.isWeft(f.getClassName())).findFirst().orElse(null);
            site = blame == null ? null : CallSites.describe(blame.toStackTraceElement());
            message = explain(culprit, frames);
        }
        if (strict) {
            throw new PinnedError(message);
        }
        if (warn && WARNED.add(site == null ? "unknown" : site)) {
            System.err.println(message);
        }
        return site;
    }

    private static String explainHeldLock(String lockSite, List<StackWalker.StackFrame> frames) {
        StringBuilder b = new StringBuilder("weft: a goroutine pinned its carrier thread: it parked holding a"
                + " java.util.concurrent lock, taken at ").append(lockSite).append(".\n");
        b.append("  Such a lock belongs to the carrier thread that took it, so the goroutine stays on that thread until"
                + " it releases the lock. Release it before parking, or use a dev.weft.Mutex or RWMutex, which a"
                + " goroutine may hold across a park.\n");
        appendFrames(b, frames);
        return b.toString();
    }

    /**
     * The frame nearest the park that was not rewritten and is not a transparent forwarder: the
     * method to annotate (the frames above it may be fine once it is).
     */
    private static StackWalker.StackFrame culprit(List<StackWalker.StackFrame> frames) {
        for (StackWalker.StackFrame f : frames) {
            if (!rewritten(f) && !isBridge(f)) {
                return f;
            }
        }
        return null;
    }

    private static String explain(StackWalker.StackFrame culprit, List<StackWalker.StackFrame> frames) {
        StringBuilder b = new StringBuilder("weft: a goroutine pinned its carrier thread: it parked below a frame that cannot unwind.\n");
        b.append("  ").append(culprit != null ? advice(culprit, frames) : adviceAllRewritten(frames)).append('\n');
        appendFrames(b, frames);
        return b.toString();
    }

    /** The stack from the park up, {@code !!} before each frame that could not unwind. */
    private static void appendFrames(StringBuilder b, List<StackWalker.StackFrame> frames) {
        for (StackWalker.StackFrame f : frames) {
            b.append(rewritten(f) || isBridge(f) ? "      at " : "  !!  at ").append(f.toStackTraceElement()).append('\n');
        }
    }

    /** What is wrong with {@code culprit}, a frame that was not rewritten, and what to do. */
    private static String advice(StackWalker.StackFrame culprit, List<StackWalker.StackFrame> frames) {
        String name = culprit.getClassName() + '.' + culprit.getMethodName();
        Class<?> c = culprit.getDeclaringClass();
        boolean woven = c.isAnnotationPresent(Woven.class);
        boolean lambda = culprit.getMethodName().startsWith("lambda$");
        int at = frames.indexOf(culprit);
        StackWalker.StackFrame caller = at + 1 < frames.size() ? frames.get(at + 1) : null;
        StackWalker.StackFrame callee = at > 0 ? frames.get(at - 1) : null;
        Method m = declared(culprit);
        boolean suspendable = m != null && isSuspendable(m);
        if (suspendable && Modifier.isSynchronized(m.getModifiers())) {
            return name + " is @Suspendable but synchronized, so it was not rewritten: a park inside a monitor"
                    + " must pin. Use a dev.weft.Mutex instead of synchronized.";
        }
        if (!woven && !isJdk(c) && (suspendable || (lambda && (caller == null || rewritten(caller))))) {
            // Reached as suspendable code is (or declared so), yet its class carries no marker.
            return name + " was not rewritten: its class " + c.getName() + " carries no weft marker, so it was"
                    + " not woven (or the weaver refused all of its methods, and warned why). Run with"
                    + " -javaagent:/path/to/weft-agent.jar, or weave it at build time with the weft Maven or Gradle"
                    + " plugin; if the agent runs, check that its include= covers " + c.getName() + ".";
        }
        if (suspendable && woven) {
            return name + " is @Suspendable but was not rewritten: the weaver refused it (its warning when it wove "
                    + c.getName() + " says why), or it calls " + (callee == null ? "the park" : callee.getClassName()
                    + '.' + callee.getMethodName()) + " through a call that is not a suspension point (a type that"
                    + " is not @Suspendable, such as a java.util interface, reflection or a method handle).";
        }
        if (lambda) {
            return name + " is a lambda of an interface that is not @Suspendable (a java.util.function type,"
                    + " a callback of a library); use a loop, or a dev.weft.Suspendable* interface,"
                    + " so the goroutine can park without blocking.";
        }
        if (isJdk(c)) {
            return name + " is JDK code, which is never rewritten: it called back into code that parks (a"
                    + " callback, toString, an iterator); make the suspendable call outside it.";
        }
        return name + " is not @Suspendable; annotate it (or the interface method it implements)"
                + " so the goroutine can park without blocking.";
    }

    /**
     * Every frame was rewritten, so some call between two of them was not a suspension point:
     * names the innermost rewritten method that implements a supertype method that is not
     * {@code @Suspendable}, the likely way it was reached.
     */
    private static String adviceAllRewritten(List<StackWalker.StackFrame> frames) {
        for (StackWalker.StackFrame f : frames) {
            Method m = declared(f);
            Class<?> through = m == null || isBridge(f) ? null : plainSupertype(m);
            if (through != null) {
                return f.getClassName() + '.' + f.getMethodName() + " was rewritten, but it was reached through "
                        + through.getName() + '.' + f.getMethodName() + ", which is not @Suspendable: a call through"
                        + " it is not a suspension point, so it cannot unwind. Call it through a @Suspendable type,"
                        + " or make that interface method @Suspendable.";
            }
        }
        return "every frame was rewritten: a call between them is not a suspension point (inside"
                + " synchronized, through reflection or a non-@Suspendable interface).";
    }

    /** The method a frame runs, or null (a constructor, or not found). */
    private static Method declared(StackWalker.StackFrame f) {
        try {
            return f.getDeclaringClass().getDeclaredMethod(f.getMethodName(), f.getMethodType().parameterArray());
        } catch (NoSuchMethodException | SecurityException | LinkageError e) {
            return null;
        }
    }

    /** Suspendable by weft's rules: annotated, or overriding or implementing an annotated method. */
    private static boolean isSuspendable(Method m) {
        if (m.isAnnotationPresent(Suspendable.class)) {
            return true;
        }
        for (Method o : overridden(m)) {
            if (o.isAnnotationPresent(Suspendable.class)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A supertype declaring the method {@code m} overrides, when no declaration of it is
     * {@code @Suspendable}: calls through that type are not suspension points. Null otherwise.
     */
    private static Class<?> plainSupertype(Method m) {
        List<Method> overridden = overridden(m);
        for (Method o : overridden) {
            if (o.isAnnotationPresent(Suspendable.class)) {
                return null;
            }
        }
        return overridden.isEmpty() ? null : overridden.get(0).getDeclaringClass();
    }

    /** The declarations {@code m} overrides or implements, nearest supertypes first. */
    private static List<Method> overridden(Method m) {
        List<Method> found = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        Class<?> owner = m.getDeclaringClass();
        if (owner.getSuperclass() != null) {
            types.add(owner.getSuperclass());
        }
        types.addAll(Arrays.asList(owner.getInterfaces()));
        for (int i = 0; i < types.size(); i++) {
            Class<?> t = types.get(i);
            try {
                Method o = t.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (!Modifier.isPrivate(o.getModifiers()) && !Modifier.isStatic(o.getModifiers())) {
                    found.add(o);
                }
            } catch (NoSuchMethodException | SecurityException | LinkageError e) {
                // not declared there
            }
            if (t.getSuperclass() != null && !types.contains(t.getSuperclass())) {
                types.add(t.getSuperclass());
            }
            for (Class<?> i2 : t.getInterfaces()) {
                if (!types.contains(i2)) {
                    types.add(i2);
                }
            }
        }
        return found;
    }

    /** A class of the JDK (boot or platform loader), which weft never weaves. */
    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private static boolean rewritten(StackWalker.StackFrame f) {
        Class<?> c = f.getDeclaringClass();
        Woven w = c.getAnnotation(Woven.class);
        return w != null && Arrays.asList(w.value()).contains(f.getMethodName() + f.getDescriptor());
    }

    private static boolean isBridge(StackWalker.StackFrame f) {
        for (Method m : f.getDeclaringClass().getDeclaredMethods()) {
            if (m.isBridge() && m.getName().equals(f.getMethodName()) && !Modifier.isAbstract(m.getModifiers())
                    && f.getDescriptor().equals(f.getMethodType().toMethodDescriptorString())) {
                return true;
            }
        }
        return false;
    }
}
