package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * More than 256 local slots, so javac addresses the high ones with {@code wide} loads, stores and
 * {@code iinc}, and whatever locals the rewriter adds land above 255 too. Sixty longs and sixty
 * doubles (240 slots) and a few ints and references after them, all live across parks. Expected:
 * the same result as without parking.
 */
public final class ManyLocals {
    private ManyLocals() {}

    @Suspendable
    public static String wideSlots() {
        long l00 = 1, l01 = 2, l02 = 3, l03 = 4, l04 = 5, l05 = 6, l06 = 7, l07 = 8, l08 = 9, l09 = 10;
        long l10 = 11, l11 = 12, l12 = 13, l13 = 14, l14 = 15, l15 = 16, l16 = 17, l17 = 18, l18 = 19, l19 = 20;
        long l20 = 21, l21 = 22, l22 = 23, l23 = 24, l24 = 25, l25 = 26, l26 = 27, l27 = 28, l28 = 29, l29 = 30;
        long l30 = 31, l31 = 32, l32 = 33, l33 = 34, l34 = 35, l35 = 36, l36 = 37, l37 = 38, l38 = 39, l39 = 40;
        long l40 = 41, l41 = 42, l42 = 43, l43 = 44, l44 = 45, l45 = 46, l46 = 47, l47 = 48, l48 = 49, l49 = 50;
        long l50 = 51, l51 = 52, l52 = 53, l53 = 54, l54 = 55, l55 = 56, l56 = 57, l57 = 58, l58 = 59, l59 = 60;
        double d00 = .5, d01 = 1.5, d02 = 2.5, d03 = 3.5, d04 = 4.5, d05 = 5.5, d06 = 6.5, d07 = 7.5, d08 = 8.5;
        double d09 = 9.5, d10 = 10.5, d11 = 11.5, d12 = 12.5, d13 = 13.5, d14 = 14.5, d15 = 15.5, d16 = 16.5;
        double d17 = 17.5, d18 = 18.5, d19 = 19.5, d20 = 20.5, d21 = 21.5, d22 = 22.5, d23 = 23.5, d24 = 24.5;
        double d25 = 25.5, d26 = 26.5, d27 = 27.5, d28 = 28.5, d29 = 29.5, d30 = 30.5, d31 = 31.5, d32 = 32.5;
        double d33 = 33.5, d34 = 34.5, d35 = 35.5, d36 = 36.5, d37 = 37.5, d38 = 38.5, d39 = 39.5, d40 = 40.5;
        double d41 = 41.5, d42 = 42.5, d43 = 43.5, d44 = 44.5, d45 = 45.5, d46 = 46.5, d47 = 47.5, d48 = 48.5;
        double d49 = 49.5, d50 = 50.5, d51 = 51.5, d52 = 52.5, d53 = 53.5, d54 = 54.5, d55 = 55.5, d56 = 56.5;
        double d57 = 57.5, d58 = 58.5, d59 = 59.5;
        int high = 1000;
        String name = "high";
        long total = 0;
        for (int round = 0; round < 3; round++) {
            Probe.point();
            high += Probe.i(round); // wide iload and istore around the call
            high++;                 // wide iinc
            l59 += Probe.j(high);
            d59 *= Probe.d(1.25);
            total += l00 + l09 + l19 + l29 + l39 + l49 + l59 + (long) (d00 + d19 + d39 + d59);
        }
        long sumL = l00 + l01 + l02 + l03 + l04 + l05 + l06 + l07 + l08 + l09 + l10 + l11 + l12 + l13 + l14
                + l15 + l16 + l17 + l18 + l19 + l20 + l21 + l22 + l23 + l24 + l25 + l26 + l27 + l28 + l29 + l30
                + l31 + l32 + l33 + l34 + l35 + l36 + l37 + l38 + l39 + l40 + l41 + l42 + l43 + l44 + l45 + l46
                + l47 + l48 + l49 + l50 + l51 + l52 + l53 + l54 + l55 + l56 + l57 + l58 + l59;
        double sumD = d00 + d01 + d02 + d03 + d04 + d05 + d06 + d07 + d08 + d09 + d10 + d11 + d12 + d13 + d14
                + d15 + d16 + d17 + d18 + d19 + d20 + d21 + d22 + d23 + d24 + d25 + d26 + d27 + d28 + d29 + d30
                + d31 + d32 + d33 + d34 + d35 + d36 + d37 + d38 + d39 + d40 + d41 + d42 + d43 + d44 + d45 + d46
                + d47 + d48 + d49 + d50 + d51 + d52 + d53 + d54 + d55 + d56 + d57 + d58 + d59;
        return name + " " + high + " " + total + " " + sumL + " " + sumD;
    }
}
