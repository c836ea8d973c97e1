package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Arithmetic-heavy loops over longs and doubles with a park every iteration: several two-slot
 * accumulators live at once, a long and a double beneath each suspending call, conversions
 * between them. Expected: bit-identical results to the plain run (strict IEEE since Java 17).
 */
public final class LongDoubleLoop {
    private LongDoubleLoop() {}

    @Suspendable
    public static String accumulate() {
        long lcg = 0x5DEECE66DL;
        long xor = 0;
        double sum = 0;
        double product = 1;
        float fsum = 0;
        for (int i = 1; i <= 500; i++) {
            lcg = lcg * Probe.j(0x5DEECE66DL) + 0xBL & ((1L << 48) - 1);
            xor ^= lcg >>> Probe.i(i % 17);
            sum += Math.sqrt(i) * Probe.d(0.5) - (double) lcg / Probe.j(1L << 40);
            product = product * (1 + 1.0 / Probe.i(i)) % 1e6;
            fsum += (float) Probe.d(sum) / i;
            if (i % 100 == 0) {
                Probe.log(lcg + "/" + Double.doubleToRawLongBits(sum));
            }
        }
        return lcg + " " + xor + " " + Double.doubleToRawLongBits(sum) + " " + Double.doubleToRawLongBits(product)
                + " " + Float.floatToRawIntBits(fsum);
    }

    /** A matrix product in doubles, parks in the innermost loop. */
    @Suspendable
    public static String matrix() {
        int n = 6;
        double[][] a = new double[n][n];
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = Math.sin(i + j);
                b[i][j] = Math.cos(i - j);
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * Probe.d(b[k][j]);
                }
                c[i][j] = s;
            }
        }
        long hash = 17;
        for (double[] row : c) {
            for (double v : row) {
                hash = hash * 31 + Double.doubleToRawLongBits(v);
            }
        }
        return "hash=" + hash;
    }
}
