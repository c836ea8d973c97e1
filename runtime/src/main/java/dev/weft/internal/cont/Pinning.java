package dev.weft.internal.cont;

import dev.weft.PinnedError;
import dev.weft.internal.Tunables;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Explains a pinned park: finds the frame that could not unwind, warns once per such frame
 * (naming the method to annotate), and in strict mode turns the pin into an error.
 *
 * <p>A park pins when some frame between it and the continuation's body did not arm the call
 * below it: a method that was not rewritten, a call that is not a suspension point (reflection,
 * a method handle, an interface that is not {@code @Suspendable}), a held monitor, a
 * constructor or static initializer. This runs only on that slow path, so it may walk the stack.
 */
final class Pinning {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Pinning() {}

    /** Called by a park that cannot unwind, before it blocks. */
    static void pinned() {
        boolean strict = Tunables.strict();
        if (!strict && !Tunables.pinWarnings()) {
            return;
        }
        List<StackWalker.StackFrame> frames = WALKER.walk(st -> st
                .dropWhile(f -> f.getDeclaringClass() == Pinning.class
                        || (f.getDeclaringClass() == Continuation.class && f.getMethodName().equals("park")))
                .takeWhile(f -> !(f.getDeclaringClass() == Continuation.class && f.getMethodName().equals("run")))
                .collect(ArrayList::new, List::add, List::addAll));
        StackWalker.StackFrame culprit = culprit(frames);
        String site = culprit == null ? "unknown" : culprit.toStackTraceElement().toString();
        String message = explain(culprit, frames);
        if (strict) {
            throw new PinnedError(message);
        }
        if (WARNED.add(site)) {
            System.err.println(message);
        }
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
        if (culprit != null && culprit.getMethodName().startsWith("lambda$")) {
            b.append("  ").append(culprit.getClassName()).append('.').append(culprit.getMethodName())
                    .append(" is a lambda of an interface that is not @Suspendable (a java.util.function type,")
                    .append(" a callback of a library); use a loop, or a dev.weft.Suspendable* interface,")
                    .append(" so the goroutine can park without blocking.\n");
        } else if (culprit != null) {
            b.append("  ").append(culprit.getClassName()).append('.').append(culprit.getMethodName())
                    .append(" is not @Suspendable; annotate it (or the interface method it implements)")
                    .append(" so the goroutine can park without blocking.\n");
        } else {
            b.append("  every frame was rewritten: a call between them is not a suspension point (inside")
                    .append(" synchronized, through reflection or a non-@Suspendable interface).\n");
        }
        for (StackWalker.StackFrame f : frames) {
            b.append(rewritten(f) || isBridge(f) ? "      at " : "  !!  at ").append(f.toStackTraceElement()).append('\n');
        }
        return b.toString();
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
