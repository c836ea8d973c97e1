package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Parks in conditional expressions: in the condition, in either arm, nested, as an argument
 * with other arguments beneath it, and in short-circuit {@code &&} / {@code ||}. Expected: the
 * same arm taken, the other arm not evaluated (its trace entry absent), as without parking.
 */
public final class Ternaries {
    private Ternaries() {}

    @Suspendable
    public static String arms() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            int a = k % 2 == 0 ? Probe.i(k * 10) : k;
            long b = Probe.z(k > 1) ? Probe.j(k) : -Probe.j(k);
            double c = k == 0 ? 0.5 : k == 1 ? Probe.d(1.5) : k == 2 ? 2.5 : Probe.d(3.5);
            String d = k < 2 ? logged("left" + k) : logged("right" + k);
            out.append(a).append(',').append(b).append(',').append(c).append(',').append(d).append(' ');
        }
        return out.toString();
    }

    @Suspendable
    public static String asArguments() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            out.append(combine(k, 7L, k == 1 ? Probe.o("one") : "other", k > 0 ? 2.0 : Probe.d(-2.0))).append(' ');
        }
        return out.toString();
    }

    private static String combine(int k, long w, String s, double d) {
        return k + "/" + w + "/" + s + "/" + d;
    }

    @Suspendable
    public static String shortCircuit() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            boolean and = k > 1 && cond("and" + k, k % 2 == 0);
            boolean or = k > 1 || cond("or" + k, k == 1);
            boolean mixed = (Probe.z(k == 0) || cond("m" + k, k == 3)) && !cond("n" + k, false);
            out.append(and ? 'T' : 'F').append(or ? 'T' : 'F').append(mixed ? 'T' : 'F').append(' ');
        }
        return out.toString();
    }

    /** instanceof patterns (Java 16): the binding is a local javac introduces, live across the park. */
    @Suspendable
    public static String instanceofPatterns() {
        StringBuilder out = new StringBuilder();
        Object[] things = {"text", 42, 7L, 2.5, null, new StringBuilder("sb")};
        for (Object o : things) {
            if (o instanceof String s && Probe.z(!s.isEmpty())) {
                out.append("S").append(Probe.o(s));
            } else if (Probe.o(o) instanceof Integer i) {
                Probe.point();
                out.append("I").append(i + 1);
            } else if (o instanceof Long l && l > Probe.j(5L)) {
                out.append("L").append(l * Probe.j(2L));
            } else if (!(o instanceof Double d)) {
                out.append("other:").append(Probe.o(o));
            } else {
                Probe.point();
                out.append("D").append(d);
            }
            out.append(' ');
        }
        return out.toString();
    }

    @Suspendable
    private static boolean cond(String name, boolean value) {
        Probe.log(name);
        return Probe.z(value);
    }

    @Suspendable
    private static String logged(String name) {
        Probe.point();
        Probe.log(name);
        return name;
    }
}
