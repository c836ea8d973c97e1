package dev.weft.samples;

import dev.weft.Go;
import dev.weft.WaitGroup;

/**
 * {@code sync.WaitGroup}: start one goroutine per piece of work and wait for them all.
 * {@code try/finally} is Java's {@code defer wg.Done()}.
 *
 * <pre>
 * var wg sync.WaitGroup
 * for i, line := range lines {
 *     wg.Add(1)
 *     go func() { defer wg.Done(); counts[i] = len(strings.Fields(line)) }()
 * }
 * wg.Wait()
 * </pre>
 *
 * Each goroutine writes only its own slot, and {@code await} orders those writes before the
 * reads after it, so no lock is needed. Prints:
 * <pre>
 * line 1: 6 words
 * line 2: 8 words
 * line 3: 7 words
 * line 4: 5 words
 * 4 goroutines counted 26 words
 * </pre>
 */
public final class WaitGroups {
    static final String[] LINES = {
            "Do not communicate by sharing memory;",
            "instead, share memory by communicating, says the proverb,",
            "and a WaitGroup waits for them all",
            "without sharing a single lock",
    };

    public static void main(String[] args) {
        Go.run(() -> {
            int[] counts = new int[LINES.length];
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < LINES.length; i++) {
                int line = i;
                wg.add(1);
                Go.go(() -> {
                    try {
                        counts[line] = LINES[line].split("\\s+").length;
                    } finally {
                        wg.done();
                    }
                });
            }
            wg.await();

            int total = 0;
            for (int i = 0; i < counts.length; i++) {
                System.out.println("line " + (i + 1) + ": " + counts[i] + " words");
                total += counts[i];
            }
            System.out.println(LINES.length + " goroutines counted " + total + " words");
        });
    }
}
