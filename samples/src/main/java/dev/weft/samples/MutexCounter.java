package dev.weft.samples;

import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.WaitGroup;

/**
 * {@code sync.Mutex}: {@link RacyCounter} fixed. Each {@code ops++} happens with the mutex
 * held, and each unlock is ordered before the next lock, so no increment is lost and race mode
 * reports nothing.
 *
 * <pre>
 * var mu sync.Mutex
 * go func() { for range 1000 { mu.Lock(); ops++; mu.Unlock() }; wg.Done() }()
 * </pre>
 *
 * Prints:
 * <pre>
 * ops: 50000
 * </pre>
 */
public final class MutexCounter {
    private final Mutex mu = new Mutex();
    private int ops;

    public static void main(String[] args) {
        MutexCounter counter = new MutexCounter();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 50; i++) {
                wg.go(() -> {
                    for (int c = 0; c < 1000; c++) {
                        counter.mu.lock();
                        counter.ops++;
                        counter.mu.unlock();
                    }
                });
            }
            wg.await();
        });
        System.out.println("ops: " + counter.ops);
    }
}
