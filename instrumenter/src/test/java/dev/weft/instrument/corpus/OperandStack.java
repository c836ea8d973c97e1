package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.util.ArrayList;
import java.util.List;

/**
 * Values that javac leaves on the operand stack beneath a suspending call: the left operand of
 * an arithmetic expression, earlier arguments of a call, an array reference and index, a
 * receiver and its duplicate for a compound field assignment, the inputs of a string concatenation.
 * Expected: the same results as without parking; every value beneath the call survives it.
 */
public final class OperandStack {
    private int counter = 10;
    private long wideCounter = 1L << 33;

    private OperandStack() {}

    /** {@code x + sus()} for the int-like types: boolean, byte, char, short, int. */
    @Suspendable
    public static String intLike() {
        boolean z = true;
        byte b = 100;
        char c = 'a';
        short s = 30_000;
        int i = 1_000_000;
        boolean rz = z & Probe.z(false);
        boolean rz2 = z ^ Probe.z(true);
        int rb = b + Probe.b((byte) 27);
        int rc = c + Probe.c('\u0001');
        int rs = s * Probe.s((short) 3);
        int ri = i - Probe.i(7) * Probe.i(3);
        int shift = i << Probe.i(3);
        int div = i / Probe.i(-7);
        int rem = i % Probe.i(13);
        return rz + " " + rz2 + " " + rb + " " + rc + " " + rs + " " + ri + " " + shift + " " + div + " " + rem;
    }

    /** {@code longVal * sus()} and {@code d1 + susDouble()}: two-slot values beneath the call. */
    @Suspendable
    public static String longAndDouble() {
        long big = 0x7000_0000_0000_0001L;
        double d1 = 1e300;
        float f = 3.25f;
        long l1 = big * Probe.j(3L);
        long l2 = big >>> Probe.i(17);
        long l3 = Probe.j(5L) - big + Probe.j(-9L);
        double d2 = d1 + Probe.d(1e299);
        double d3 = d1 * Probe.d(Double.NaN);
        double d4 = d1 / Probe.d(-0.0);
        float f2 = f * Probe.f(-2.5f);
        double mixed = big + d1 * f - Probe.j(4) / Probe.d(0.5) + Probe.f(0.25f);
        long chain = big + Probe.j(1) + Probe.j(2) + Probe.j(3);
        return l1 + " " + l2 + " " + l3 + " " + d2 + " " + d3 + " " + d4 + " " + f2 + " " + mixed + " " + chain;
    }

    /** {@code f(a, b, sus())}: every type among the earlier arguments of a call. */
    @Suspendable
    public static String argumentsBeforeTheSuspendingOne() {
        String r1 = all(true, (byte) -1, 'q', (short) 9, 77, 0.5f, -5L, 2.25, "s", Probe.i(1));
        String r2 = all(false, (byte) 2, 'r', (short) -9, Probe.i(78), 1.5f, Probe.j(6L), Probe.d(3.5), Probe.o("t"),
                Probe.i(2));
        long w = 123_456_789_012L;
        double dd = -1.0 / 3;
        String r3 = wide(w, dd, w, Probe.d(dd), Probe.j(w));
        return r1 + " | " + r2 + " | " + r3;
    }

    /** {@code null} constants beneath a suspending call (the verifier types them as null, not as a class). */
    @Suspendable
    public static String nullsBeneathTheCall() {
        String viaArgs = nulls(null, null, Probe.i(1), null, Probe.o(null));
        Object local = null;
        int[] noArray = null;
        Probe.point();
        return viaArgs + " " + local + " " + (noArray == null);
    }

    private static String nulls(Object a, String b, int c, int[] d, Object e) {
        return a + "," + b + "," + c + "," + d + "," + e;
    }

    /** Suspending calls whose results are discarded (pop, pop2) and chained assignments (dup_x1, dup2_x1). */
    @Suspendable
    public static String discardedAndChained() {
        Probe.j(1L);
        Probe.d(2.0);
        Probe.i(3);
        Probe.o("discarded");
        OperandStack o = new OperandStack();
        long a;
        long b;
        a = b = Probe.j(7L);
        o.wideCounter = a + (o.counter = Probe.i(4));
        int[] xs = new int[2];
        xs[0] = xs[1] = Probe.i(9);
        return a + " " + b + " " + o.wideCounter + " " + o.counter + " " + xs[0] + xs[1];
    }

    private static String all(boolean z, byte b, char c, short s, int i, float f, long j, double d, String ref, int last) {
        return z + "," + b + "," + c + "," + s + "," + i + "," + f + "," + j + "," + d + "," + ref + "," + last;
    }

    private static String wide(long a, double b, long c, double d, long e) {
        return a + "," + b + "," + c + "," + d + "," + e;
    }

    /** An instance call whose receiver, {@code this}, lies beneath its suspending argument. */
    @Suspendable
    public static String receiverBeneathArgument() {
        OperandStack o = new OperandStack();
        return o.scaled(Probe.i(4), Probe.j(5L)) + " " + o.join("a", Probe.o("b"));
    }

    @Suspendable
    private String scaled(int k, long m) {
        Probe.point();
        return String.valueOf(counter * k + wideCounter * m);
    }

    @Suspendable
    private String join(String left, String right) {
        return this.scaledBy(left, Probe.i(3)) + right;
    }

    private String scaledBy(String s, int times) {
        return s.repeat(times);
    }

    /** {@code arr[i] = sus()}, {@code arr[i] += sus()}, {@code obj.f += sus()}: array and receiver duplicates. */
    @Suspendable
    public static String arraysAndFields() {
        int[] ints = {1, 2, 3};
        long[] longs = {10L, 20L};
        double[] doubles = {0.5};
        String[] refs = new String[2];
        char[] chars = {'a', 'b'};
        ints[Probe.i(1)] = Probe.i(50);
        ints[2] += Probe.i(5);
        longs[Probe.i(0)] += Probe.j(1L << 40);
        longs[1] *= Probe.j(3L);
        doubles[0] -= Probe.d(0.25);
        refs[Probe.i(1)] = Probe.o("x");
        chars[0] += Probe.c('\u0002');
        int post = ints[Probe.i(0)]++;
        OperandStack o = new OperandStack();
        o.counter += Probe.i(7);
        o.wideCounter -= Probe.j(1L);
        o.counter = o.counter * Probe.i(2) + o.counter;
        boolean[] flags = new boolean[2];
        byte[] bytes = new byte[2];
        short[] shorts = new short[2];
        float[] floats = new float[2];
        flags[Probe.i(1)] = Probe.z(true);
        bytes[0] = Probe.b((byte) -7);
        bytes[1] += Probe.b((byte) 200);
        shorts[Probe.i(0)] -= Probe.s((short) 1234);
        floats[1] = floats[0] + Probe.f(0.75f);
        String small = flags[0] + "/" + flags[1] + "/" + bytes[0] + "/" + bytes[1] + "/" + shorts[0] + "/" + floats[1];
        int[][] grid = new int[Probe.i(2)][Probe.i(3)];
        grid[Probe.i(1)][Probe.i(2)] = Probe.i(9);
        return ints[0] + "," + ints[1] + "," + ints[2] + "," + longs[0] + "," + longs[1] + "," + doubles[0] + ","
                + refs[0] + refs[1] + "," + new String(chars) + "," + post + "," + o.counter + "," + o.wideCounter
                + "," + grid[1][2] + grid.length + grid[0].length + "," + small;
    }

    /** String concatenation (invokedynamic) with suspending parts among the others. */
    @Suspendable
    public static String concatenation() {
        int i = 4;
        long j = 5L;
        double d = 0.1;
        char c = 'c';
        Object o = List.of(1, 2);
        return "i=" + i + " s=" + Probe.o("sus") + " j=" + j + " d=" + Probe.d(d) + " c=" + c + " o=" + o
                + " n=" + Probe.o(null) + " z=" + Probe.z(true);
    }

    /** A collection built up in a loop with suspending values: {@code list.add(sus())} with the list beneath. */
    @Suspendable
    public static String receiverOfCollectionCall() {
        List<Object> list = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            list.add(Probe.o("v" + k));
            list.add(Probe.i(k) * 2);
        }
        list.set(Probe.i(0), Probe.o("first"));
        return list.toString() + " " + list.contains(Probe.o(6));
    }
}
