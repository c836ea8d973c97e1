package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * Recursion with parks: 10,000 frames deep parking at every level on the way down and up and at
 * the bottom (every park unwinds and re-invokes the whole chain), a branching recursion, and
 * mutual recursion. Expected: the same results as without parking. The harness runs every
 * scenario on a thread with a large stack, so depth is limited by neither run.
 */
public final class Recursion {
    public static final int DEEP = 10_000;

    private Recursion() {}

    @Suspendable
    public static String deep() {
        return "sum=" + down(DEEP, 0L) + " parks at bottom=" + bottomVisits;
    }

    private static int bottomVisits;

    @Suspendable
    private static long down(int n, long carried) {
        if (n == 0) {
            Probe.point();
            bottomVisits++;
            return carried;
        }
        Probe.point();
        long below = down(n - 1, carried + n);
        Probe.point();
        return below + (n % 7);
    }

    @Suspendable
    public static String branching() {
        return "fib=" + fib(14) + " ackermann=" + ackermann(2, 3);
    }

    @Suspendable
    private static int fib(int n) {
        if (n < 2) {
            return Probe.i(n);
        }
        return fib(n - 1) + fib(n - 2);
    }

    @Suspendable
    private static long ackermann(long m, long n) {
        Probe.point();
        if (m == 0) {
            return n + 1;
        }
        if (n == 0) {
            return ackermann(m - 1, 1);
        }
        return ackermann(m - 1, ackermann(m, n - 1));
    }

    @Suspendable
    public static String mutual() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 12; k++) {
            out.append(isEven(k) ? 'e' : 'o');
        }
        return out.toString();
    }

    @Suspendable
    private static boolean isEven(int n) {
        return n == 0 || isOdd(Probe.i(n - 1));
    }

    @Suspendable
    private static boolean isOdd(int n) {
        Probe.point();
        return n != 0 && isEven(n - 1);
    }
}
