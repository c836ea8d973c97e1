package dev.weft.usercode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Code with every shape race mode instruments, for the instrumenter's RaceRuntimeNamesTest:
 * never run, only instrumented (it is application code, outside weft's packages), so that every
 * call the pass emits into the runtime is checked.
 */
@SuppressWarnings({"unused", "ResultOfMethodCallIgnored"})
public final class RaceShapes {
    static int counter;
    static volatile int flag;
    int plain;
    volatile long wide;
    double[] doubles = new double[4];

    public static final class Lock extends ReentrantLock {
        private static final long serialVersionUID = 1L;
    }

    synchronized void synchronizedMethod() {
        plain++;
    }

    static synchronized void staticSynchronized() {
        counter++;
    }

    void shapes(Object monitor, ExecutorService pool, Map<String, Integer> map, Lock lock, Field f, Cleaner cleaner)
            throws Exception {
        synchronized (monitor) {
            plain = flag;
            monitor.wait(1);
        }
        wide = wide + 1;
        flag = 2;
        doubles[1] = doubles[0];
        int[] ints = new int[3];
        System.arraycopy(ints, 0, ints, 1, 2);
        Arrays.fill(ints, 0, 2, 7);
        int[] copy = Arrays.copyOf(ints, 2);
        String s = new String(new char[] {'a'}, 0, 1);
        s.getChars(0, 1, new char[1], 0);
        Future<Integer> fut = pool.submit(() -> 1);
        fut.get();
        pool.invokeAll(List.of(() -> 2));
        CompletableFuture<Integer> cf = CompletableFuture.supplyAsync(() -> 3, pool).thenApply(v -> v + 1);
        CompletableFuture.allOf(cf).join();
        map.computeIfAbsent("k", k -> 1);
        Supplier<Integer> ref = map::size;
        ConcurrentHashMap<String, Integer> chm = new ConcurrentHashMap<>();
        chm.put("a", 1);
        lock.lock();
        lock.unlock();
        new CyclicBarrier(1, () -> counter++);
        Thread t = new Thread(() -> counter++);
        t.start();
        t.join();
        f.setInt(this, 1);
        f.getInt(this);
        Array.setInt(ints, 0, 1);
        Array.getInt(ints, 0);
        VarHandle vh = MethodHandles.lookup().findVarHandle(RaceShapes.class, "plain", int.class);
        vh.set(this, 1);
        vh.compareAndSet(this, 1, 2);
        int got = (int) vh.getAcquire(this);
        cleaner.register(this, () -> counter++);
        if (got < 0) {
            System.exit(3);
        }
    }

    static {
        counter = 1;
    }
}
