package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * JLS 12.4.1: {@code new Foo(args)} initializes {@code Foo} (superclass first) before the
 * arguments are evaluated. A rewriter that moves the {@code NEW} past a suspending argument must
 * keep that order. The trace shows it: each class logs its static initializer, each argument logs
 * itself. Expected: the same trace as without parking. The harness defines the corpus in a fresh
 * loader per run, so the initializers run in every run.
 */
public final class InitOrder {
    private InitOrder() {}

    static final class Tracked {
        static {
            Probe.log("Tracked.<clinit>");
        }

        final int v;

        Tracked(int v) {
            Probe.log("Tracked.<init>(" + v + ")");
            this.v = v;
        }
    }

    static class Base {
        static {
            Probe.log("Base.<clinit>");
        }

        Base() {
            Probe.log("Base.<init>");
        }
    }

    static final class Derived extends Base {
        static {
            Probe.log("Derived.<clinit>");
        }

        Derived(int v, Object inner) {
            Probe.log("Derived.<init>(" + v + "," + inner + ")");
        }
    }

    static final class Inner {
        static {
            Probe.log("Inner.<clinit>");
        }

        final int v;

        Inner(int v) {
            Probe.log("Inner.<init>(" + v + ")");
            this.v = v;
        }

        @Override
        public String toString() {
            return "Inner" + v;
        }
    }

    static final class Failing {
        static {
            Probe.log("Failing.<clinit>");
            if (Probe.parks() >= 0) {
                throw new IllegalStateException("Failing cannot initialize");
            }
        }

        Failing(int v) {
            Probe.log("Failing.<init>(" + v + ")");
        }
    }

    @Suspendable
    private static int arg(int v) {
        Probe.log("arg(" + v + ")");
        Probe.point();
        Probe.log("arg(" + v + ") returns");
        return v;
    }

    /** {@code new Tracked(sus())}: Tracked's initializer runs before the argument. */
    @Suspendable
    public static String newKeepsClassInitOrder() {
        Probe.log("before");
        Tracked t = new Tracked(arg(1));
        Probe.log("after " + t.v);
        Tracked u = new Tracked(arg(2));
        return "ok " + u.v;
    }

    /** {@code new Derived(sus(), new Inner(sus()))}: Base, Derived, then Inner, each before its own arguments. */
    @Suspendable
    public static String nestedNewsKeepSuperclassAndInnerInitOrder() {
        Probe.log("before");
        Derived d = new Derived(arg(3), new Inner(arg(4)));
        return "ok " + (d != null);
    }

    /** A class whose initializer fails: the argument of its {@code new} is never evaluated, twice. */
    @Suspendable
    public static String failingInitializerPrecedesArgument() {
        Probe.point();
        Probe.log("before");
        String first;
        try {
            new Failing(arg(5));
            first = "constructed";
        } catch (ExceptionInInitializerError e) {
            first = "caught " + e.getCause().getMessage();
        }
        // The class is now erroneous: the second `new` fails with NoClassDefFoundError, still
        // before its argument is evaluated.
        try {
            new Failing(arg(6));
            return first + ", constructed";
        } catch (NoClassDefFoundError e) {
            return first + ", then " + e.getClass().getSimpleName();
        }
    }
}
