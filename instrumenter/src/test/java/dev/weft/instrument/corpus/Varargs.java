package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Varargs calls whose elements suspend: javac builds the array in place ({@code NEWARRAY; DUP;
 * index; value; xASTORE}), so the array and the index lie beneath each suspending element. Also a
 * suspendable varargs method, and a JDK varargs method ({@code String.format}) with boxed
 * suspending arguments. Expected: the same results as without parking.
 */
public final class Varargs {
    private Varargs() {}

    @Suspendable
    static long sum(long... xs) {
        long total = 0;
        for (long x : xs) {
            Probe.point();
            total += x;
        }
        return total;
    }

    @Suspendable
    static String joined(String sep, Object... parts) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            out.append(k == 0 ? "" : Probe.o(sep)).append(parts[k]);
        }
        return out.toString();
    }

    @Suspendable
    public static String suspendingElements() {
        long a = sum();
        long b = sum(1);
        long c = sum(1, Probe.j(2), 3, Probe.i(4), Probe.j(Long.MAX_VALUE / 2));
        String d = joined("-", "x", Probe.o("y"), Probe.i(3), Probe.d(4.5), Probe.z(true), Probe.c('c'));
        String e = joined(Probe.o("+"));
        String f = String.format("%s|%d|%.2f|%c|%b", Probe.o("fmt"), Probe.j(12), Probe.d(3.14159), Probe.c('q'),
                Probe.z(false));
        return a + " " + b + " " + c + " " + d + " " + e + " " + f;
    }
}
