package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Parks inside loops: nested counting loops, while and do-while, labeled break and continue,
 * enhanced for over an array and over a list (its iterator a live local across the park).
 * Expected: the same iterations in the same order as without parking, none repeated or skipped.
 */
public final class Loops {
    private Loops() {}

    @Suspendable
    public static String nested() {
        StringBuilder out = new StringBuilder();
        long sum = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j <= i; j++) {
                Probe.point();
                for (int k = 0; k < 3; k++) {
                    sum += (long) i * 100 + j * 10 + Probe.i(k);
                }
                out.append(i).append(j).append(' ');
            }
            Probe.point();
        }
        return out + "sum=" + sum;
    }

    @Suspendable
    public static String whileAndDoWhile() {
        int n = 27;
        int steps = 0;
        while (n != 1) {
            n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
            steps += Probe.i(1);
        }
        int m = 0;
        do {
            m += Probe.i(3);
        } while (Probe.z(m < 20));
        return "steps=" + steps + " m=" + m;
    }

    @Suspendable
    public static String labeledBreakAndContinue() {
        StringBuilder out = new StringBuilder();
        outer:
        for (int i = 0; i < 6; i++) {
            inner:
            for (int j = 0; j < 6; j++) {
                Probe.point();
                if (j > i) {
                    continue outer;
                }
                if ((i + j) % 4 == 3) {
                    continue inner;
                }
                if (i * j == Probe.i(12)) {
                    break outer;
                }
                out.append(i).append(j).append(',');
            }
        }
        return out.toString();
    }

    @Suspendable
    public static String enhancedForOverArrayAndList() {
        int[] xs = {3, 1, 4, 1, 5, 9, 2, 6};
        long total = 0;
        for (int x : xs) {
            total = total * 7 + Probe.i(x);
        }
        List<String> words = new ArrayList<>(List.of("alpha", "beta", "gamma", "delta"));
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            Probe.point();
            out.append(w.charAt(0));
            for (char c : w.toCharArray()) {
                if (Probe.c(c) == 'a') {
                    out.append('!');
                }
            }
        }
        Iterator<String> it = words.iterator();
        while (it.hasNext()) {
            String w = it.next();
            if (Probe.i(w.length()) == 4) {
                it.remove();
            }
        }
        return "total=" + total + " out=" + out + " left=" + words;
    }

    /** A long-running loop: a thousand iterations, each able to park. */
    @Suspendable
    public static String manyIterations() {
        int acc = 0;
        for (int i = 0; i < 1000; i++) {
            acc = acc * 31 + Probe.i(i);
        }
        return "acc=" + acc;
    }
}
