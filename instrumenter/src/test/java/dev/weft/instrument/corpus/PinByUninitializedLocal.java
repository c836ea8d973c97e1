package dev.weft.instrument.corpus;

import dev.weft.Suspendable;
import dev.weft.SuspendableCallable;

/**
 * A method the rewriter cannot handle: for {@code new Box("a", switch (k) { ... try ... })} javac
 * spills the operand stack, uninitialized {@code Box} included, into locals before the switch
 * (a try block needs an empty stack). docs/architecture.md: such a method is left un-rewritten with a
 * warning naming it, and the rest of the class is rewritten. So its parks pin, while the caller's
 * parks still unwind. Expected: the same results as the plain run, pins &gt; 0, a
 * {@code PinnedError} in strict mode, and a weaver warning that names {@code build}. The same
 * holds when the un-rewritten method implements a suspendable functional interface
 * ({@code Refused.call}) or calls a suspendable method of its own name ({@code pick}): a park
 * below it must pin, and the un-rewritten frame must never run twice.
 */
public final class PinByUninitializedLocal {
    private PinByUninitializedLocal() {}

    static final class Box {
        final Object a;
        final Object b;

        Box(Object a, Object b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public String toString() {
            return "[" + a + " " + b + "]";
        }
    }

    @Suspendable
    static Object build(int k) {
        return new Box("a", switch (k) {
            case 0 -> {
                try {
                    yield Probe.o("x");
                } catch (RuntimeException e) {
                    yield "c";
                }
            }
            default -> "d" + k;
        });
    }

    /**
     * The same shape in the implementation of a suspendable functional interface: left
     * un-rewritten, it stands between a caller that can unwind and the park below it.
     */
    static final class Refused implements SuspendableCallable<Object> {
        private final int k;

        Refused(int k) {
            this.k = k;
        }

        @Override
        public Object call() {
            Probe.log("Refused.call starts");
            return new Box("r", switch (k) {
                case 0 -> {
                    try {
                        yield Probe.o("x");
                    } catch (RuntimeException e) {
                        yield "c";
                    }
                }
                default -> "d" + k;
            });
        }
    }

    /** The same shape, calling an overload with its own name. */
    @Suspendable
    static Object pick(int k) {
        Probe.log("pick(int) starts");
        return new Box("p", switch (k) {
            case 0 -> {
                try {
                    yield pick("x" + k);
                } catch (RuntimeException e) {
                    yield "c";
                }
            }
            default -> "d" + k;
        });
    }

    @Suspendable
    static Object pick(String s) {
        Probe.point();
        Probe.log("pick(String) " + s);
        return s;
    }

    @Suspendable
    public static String uninitializedObjectInLocal() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 2; k++) {
            Probe.point();
            out.append(build(k)).append(' ');
        }
        return out.toString();
    }

    /** Called through SuspendableCallable, the un-rewritten {@code Refused.call} must pin, never re-run. */
    @Suspendable
    public static String unrewrittenFunctionalImplementation() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 2; k++) {
            Probe.point();
            SuspendableCallable<Object> c = new Refused(k);
            out.append(c.call()).append(' ');
        }
        return out.toString();
    }

    /** The un-rewritten {@code pick(int)} calls {@code pick(String)}: it must pin, never re-run. */
    @Suspendable
    public static String unrewrittenCallerOfSameNamedMethod() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 2; k++) {
            Probe.point();
            out.append(pick(k)).append(' ');
        }
        return out.toString();
    }
}
