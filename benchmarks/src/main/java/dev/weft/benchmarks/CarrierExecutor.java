package dev.weft.benchmarks;

import dev.weft.internal.cont.Carrier;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JMH's worker threads as weft carriers ({@code -Djmh.executor=CUSTOM
 * -Djmh.executor.class=dev.weft.benchmarks.CarrierExecutor}): goroutines always run on
 * carriers, where a rewritten method finds its frame stack in a field of the thread; on a plain
 * thread it would pay a {@code ThreadLocal} lookup instead, which is not what programs pay.
 */
public final class CarrierExecutor extends ThreadPoolExecutor {
    public CarrierExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new Factory(prefix));
    }

    private static final class Factory implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        Factory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Carrier t = new Carrier(null, r, prefix + "-carrier-" + n.incrementAndGet(), 0);
            t.setDaemon(true);
            return t;
        }
    }
}
