package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Every primitive type, and a reference, live in locals across parks. Expected: each value
 * (extremes, NaN payloads and -0.0 included, bit for bit) is what it was before the park,
 * and values updated between parks keep their updates.
 */
public final class PrimitiveLocals {
    private PrimitiveLocals() {}

    @Suspendable
    public static String allEightTypes() {
        boolean z = true;
        byte b = Byte.MIN_VALUE;
        char c = '\uFFFF';
        short s = Short.MIN_VALUE;
        int i = Integer.MIN_VALUE;
        float f = Float.intBitsToFloat(0x7fc0_1234); // a NaN with a payload
        long j = Long.MIN_VALUE;
        double d = -0.0;
        String ref = "ref";
        Probe.point();
        String first = z + " " + b + " " + (int) c + " " + s + " " + i + " " + Float.floatToRawIntBits(f)
                + " " + j + " " + Double.doubleToRawLongBits(d) + " " + ref;
        z = !z;
        b++;
        c--;
        s += 3;
        i ^= 0x5555_5555;
        f = Float.MAX_VALUE;
        j = Long.MAX_VALUE - j;
        d = Double.MIN_VALUE;
        ref = null;
        Probe.point();
        Probe.point();
        String second = z + " " + b + " " + (int) c + " " + s + " " + i + " " + Float.floatToRawIntBits(f)
                + " " + j + " " + Double.doubleToRawLongBits(d) + " " + ref;
        return first + " | " + second;
    }

    /** Parameters are locals too; wide ones shift the slots of everything after them. */
    @Suspendable
    public static String parameters() {
        return params(true, (byte) 7, 'x', (short) -2, 42, 1.5f, 1L << 40, Math.PI, "p");
    }

    @Suspendable
    private static String params(boolean z, byte b, char c, short s, int i, float f, long j, double d, String ref) {
        Probe.point();
        long sum = b + c + s + i + (long) f + j + (long) d;
        Probe.point();
        return z + " " + b + " " + c + " " + s + " " + i + " " + f + " " + j + " " + d + " " + ref + " " + sum;
    }

    /** A local declared only after the park, and a slot reused by a different type in another scope. */
    @Suspendable
    public static String slotReuse() {
        StringBuilder out = new StringBuilder();
        {
            long wide = 0x1234_5678_9abc_def0L;
            Probe.point();
            out.append(wide).append(',');
        }
        {
            int narrow1 = 11;
            float narrow2 = 2.5f;
            Probe.point();
            out.append(narrow1).append(',').append(narrow2).append(',');
        }
        {
            Object ref = "r";
            int late;
            Probe.point();
            late = 5;
            out.append(ref).append(late);
        }
        return out.toString();
    }
}
