package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Suspendable methods of every kind of dispatch: static, instance (virtual), private (direct
 * since Java 11 nestmates: invokevirtual or invokespecial), final, protected, and a call to a
 * private method of a nest mate. Expected: the same results as without parking.
 */
public class Methods {
    private final int base;

    Methods(int base) {
        this.base = base;
    }

    @Suspendable
    public static String allKinds() {
        Methods m = new Methods(100);
        Methods sub = new Sub(200);
        Nested n = new Nested();
        return staticOne(1) + " " + m.instanceOne(2) + " " + m.privateOne(3) + " " + m.finalOne(4) + " "
                + m.protectedOne(5) + " " + sub.instanceOne(6) + " " + sub.protectedOne(7) + " " + privateStatic(8)
                + " " + n.callsOuterPrivate(m) + " " + m.callsNestedPrivate(n);
    }

    @Suspendable
    static long staticOne(int k) {
        Probe.point();
        return k * 1_000_000_000_000L;
    }

    @Suspendable
    public String instanceOne(int k) {
        return "i" + (base + Probe.i(k));
    }

    @Suspendable
    private String privateOne(int k) {
        Probe.point();
        return "p" + (base + k) + instanceOne(Probe.i(k));
    }

    @Suspendable
    public final double finalOne(int k) {
        return base / Probe.d(k);
    }

    @Suspendable
    protected String protectedOne(int k) {
        return "prot" + Probe.i(k);
    }

    @Suspendable
    private static char privateStatic(int k) {
        Probe.point();
        return (char) ('a' + k);
    }

    @Suspendable
    String callsNestedPrivate(Nested n) {
        return n.secret(Probe.i(base));
    }

    static final class Sub extends Methods {
        Sub(int base) {
            super(base);
        }

        @Override
        public String instanceOne(int k) {
            Probe.point();
            return "sub" + super.instanceOne(Probe.i(k)) + super.protectedOne(k);
        }

        @Override
        protected String protectedOne(int k) {
            return "subprot" + Probe.i(k);
        }
    }

    /** An inner (non-static) class: its suspendable method reaches the outer instance through this$0. */
    final class Inner {
        private final int extra;

        Inner(int extra) {
            this.extra = extra;
        }

        @Suspendable
        String outerAndInner() {
            Probe.point();
            return Methods.this.instanceOne(Probe.i(extra)) + "/" + (base + extra);
        }
    }

    @Suspendable
    public static String innerClass() {
        Methods m = new Methods(300);
        Methods.Inner in = m.new Inner(Probe.i(4));
        return in.outerAndInner();
    }

    static final class Nested {
        @Suspendable
        private String secret(int k) {
            Probe.point();
            return "secret" + k;
        }

        @Suspendable
        String callsOuterPrivate(Methods m) {
            return m.privateOne(Probe.i(9));
        }
    }
}
