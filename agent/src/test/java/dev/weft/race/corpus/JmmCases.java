package dev.weft.race.corpus;

import dev.weft.race.Corpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Race corpus, plain Java threads: what the Java memory model itself orders (JLS 17.4 and the
 * memory effects the {@code VarHandle} and {@code java.util.concurrent.atomic} javadoc give):
 * plain accesses, {@code synchronized} blocks and methods (instance and static, left normally
 * and by an exception), {@code wait}/{@code notify}, {@code volatile} fields, atomics and field
 * updaters, {@code VarHandle} access modes, {@code Thread.start}/{@code join}, class
 * initialization, the bulk array operations race mode counts as range accesses, and reflective
 * access. The {@code java.util.concurrent} locks, executors, futures, synchronizers and
 * collections are in {@link JucCases}.
 *
 * <p>This file ports no Go file. Its checklist was google/java-thread-sanitizer's
 * {@code tests/} (Apache-2.0: {@code EasyTests}, {@code MediumTests}, {@code CustomTests},
 * {@code CustomerTest} and {@code trunk/tests/HighLevelDataRaceTests}); the cases are written in
 * weft's own words, and many are new. A case named {@code Race...} has two accesses to one
 * location, at least one a write, that no happens-before edge orders in any execution; a case
 * named {@code NoRace...} has none. So no verdict depends on timing: a race case does its two
 * racing accesses before any synchronization that could order them (a worker writes, the case
 * thread reads, and only then joins the worker), and where a no-race case must wait for
 * something it does so through the synchronizer under test, polling it if need be
 * ({@link #spinUntil}, which gives up with an error after {@link #PATIENCE_NANOS}).
 *
 * <p>jtsan tests not taken, each for one reason:
 * <ul>
 * <li>{@code hashSetAccessNoLocks}, {@code treeMapAccessNoLocks}: the race is inside a JDK
 *     collection, and JDK classes are not instrumented.</li>
 * <li>{@code lockInBetween}: a race only by lockset reasoning; under happens-before its verdict
 *     depends on which of the two empty critical sections runs first.</li>
 * <li>{@code noOperation}, {@code noOperation2}: nothing is accessed by two threads.</li>
 * <li>{@code staticFinal} (both versions): a {@code static final} field is not tracked; the
 *     class-initialization cases here use non-final static fields instead.</li>
 * <li>{@code recTest}: checks the stack a report prints, not a verdict.</li>
 * <li>{@code staticExceptionCorrectness}: checks jtsan's interceptors around a static call; the
 *     race itself (two unlocked increments) is {@code RaceIncrementIncrement}.</li>
 * <li>{@code badCyclicQueue}, {@code arraySize}, {@code mozilla08CacheBug}: atomicity
 *     violations with every access under one monitor, so no data race; the pattern is kept by
 *     the three {@code Atomicity...} cases.</li>
 * </ul>
 * Some are here under other names: {@code localVolatileBoolean} and {@code syncWithLocalVolatile}
 * are {@code NoRaceVolatileFlag}; {@code staticVolatileBoolean}, {@code superClassVolatile} and
 * {@code syncWithStaticVolatile} (jtsan's volatile fields live in a superclass) are the
 * {@code NoRaceVolatileInherited...} cases; {@code exceptionExit} is
 * {@code NoRaceSyncExceptionInMethod}; {@code staticSync}, {@code staticSync2} and
 * {@code staticSync3} are {@code NoRaceStaticSyncMethod} and
 * {@code NoRaceStaticSyncMethodAndClassBlock}; {@code passingViaLockedBoolean2} is
 * {@code NoRaceCountdownUnderMonitor}; {@code notifyWait2} is {@code NoRaceWaitNotifyAll};
 * {@code systemArrayCopyException} is {@code RaceArraycopyStoppedByArrayStore}.
 * The {@code java.util.concurrent} tests of {@code EasyTests} and {@code JUConcurrentTests}
 * ({@code differentLocksWW2}, {@code writingUnderReaderLock}) are in {@link JucCases};
 * {@code atomicInteger} is {@code NoRaceAtomicIncrements} here.
 *
 * <p>Every case makes the objects it shares, so no access of one case meets an access of
 * another; the few cases about static state (static monitors, class initialization, a static
 * field) reset it, if at all, before they start a thread. Each case joins every thread it
 * started before it returns, also when it fails.
 */
public final class JmmCases implements Corpus.Source {
    /** Shared memory: plain fields the detector tracks, and a few volatile ones. */
    static final class Box {
        int x;
        int y;
        int data;
        short s;
        char ch;
        byte by;
        boolean z;
        long l;
        float f;
        double d;
        Object ref;
        Integer boxed;
        Integer boxed2;
        Box next;
        boolean done;
        int pending;
        volatile boolean ready;
        volatile boolean go;
        volatile int counter;
    }

    /** A counter whose methods hold the instance's monitor. */
    static final class Counter {
        int n;

        synchronized void inc() {
            n++;
        }
    }

    /** A counter whose methods hold the monitor of {@code StaticCounter.class}. */
    static final class StaticCounter {
        static int n;

        static synchronized void inc() {
            n++;
        }
    }

    /** One plain static field, bumped under two different monitors. */
    static final class TwoMonitors {
        static int n;

        static synchronized void incStatic() {
            n++;
        }

        synchronized void incInstance() {
            n++;
        }
    }

    /** Leaves its monitor by an exception, after setting what a waiter waits for. */
    static final class Guard {
        int x;
        boolean done;

        synchronized void writeAndThrow() {
            x = 1;
            done = true;
            notifyAll();
            throw new IllegalStateException("leaves the monitor by an exception");
        }

        synchronized void awaitDone() throws InterruptedException {
            while (!done) {
                wait();
            }
        }
    }

    /** {@link Guard} on the class monitor. */
    static final class StaticGuard {
        static int x;
        static boolean done;

        static synchronized void reset() {
            x = 0;
            done = false;
        }

        static synchronized void writeAndThrow() {
            x = 1;
            done = true;
            StaticGuard.class.notifyAll();
            throw new IllegalStateException("leaves the class monitor by an exception");
        }

        static synchronized void awaitDone() throws InterruptedException {
            while (!done) {
                StaticGuard.class.wait();
            }
        }
    }

    /** Volatile fields declared in a superclass, used through a subclass. */
    static class VolatileBase {
        volatile boolean ready;
        static volatile boolean staticReady;
    }

    /** The field references below name this class, not the class that declares the fields. */
    static final class VolatileDerived extends VolatileBase {
        int data;
        static int staticData;
    }

    /** A volatile int driven by a field updater. */
    static final class Updated {
        volatile int state;
        int data;
    }

    static final AtomicIntegerFieldUpdater<Updated> STATE =
            AtomicIntegerFieldUpdater.newUpdater(Updated.class, "state");

    /** Plain (not volatile) fields reached through VarHandles. */
    static final class Handled {
        int x;
        int flag;
        int lock;
    }

    static final VarHandle X;
    static final VarHandle FLAG;
    static final VarHandle LOCK;
    static final VarHandle INT_ELEMENT = MethodHandles.arrayElementVarHandle(int[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            X = lookup.findVarHandle(Handled.class, "x", int.class);
            FLAG = lookup.findVarHandle(Handled.class, "flag", int.class);
            LOCK = lookup.findVarHandle(Handled.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Initialized by whichever worker touches it first: its initializer's writes are ordered
     * before every use of the class by the JVM's initialization lock and nothing else. (Only the
     * first run of the case in a JVM initializes it; later runs read what is there.)
     */
    static final class Lazy {
        static int value;
        static int[] table;
        static Box box;

        static {
            value = 42;
            table = new int[] {1, 2, 3};
            box = new Box();
            box.x = 7;
        }
    }

    /** A class whose static field is written again after initialization. */
    static final class Configured {
        static int value = 1;
    }

    /** A plain static field two threads write. */
    static int sharedStatic;

    /** A plain static field written by reflection. */
    static int reflectedStatic;

    /** A plain static field and a static volatile flag that publishes it. */
    static int staticData;
    static volatile boolean staticReady;

    static final Field BOX_X = field(Box.class, "x");
    static final Field REFLECTED_STATIC = field(JmmCases.class, "reflectedStatic");

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---------------------------------------------------------------- threads the cases start

    /** A plain thread that keeps what its body threw, so that {@link #join} can rethrow it. */
    static final class Worker extends Thread {
        private final Corpus.ThreadBody body;
        /** Written by this thread only, read by the joiner after {@code join}. */
        private Throwable failure;

        Worker(Corpus.ThreadBody body) {
            super("jmm-case worker");
            this.body = body;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                body.run();
            } catch (Throwable e) {
                failure = e;
            }
        }
    }

    static Worker start(Corpus.ThreadBody body) {
        Worker w = new Worker(body);
        w.start();
        return w;
    }

    /** Joins every worker, then rethrows the first failure among them. */
    static void join(Worker... workers) throws InterruptedException {
        AssertionError failed = null;
        for (Worker w : workers) {
            w.join();
            if (w.failure != null) {
                if (failed == null) {
                    failed = new AssertionError("a worker failed", w.failure);
                } else {
                    failed.addSuppressed(w.failure);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Runs {@code other} on a new thread and {@code mine} on this one, then joins the thread. */
    static void concurrently(Corpus.ThreadBody other, Corpus.ThreadBody mine) throws Exception {
        Worker w = start(other);
        try {
            mine.run();
        } finally {
            join(w);
        }
    }

    /** Runs every body on a thread of its own and joins them all. */
    static void all(Corpus.ThreadBody... bodies) throws Exception {
        List<Worker> workers = new ArrayList<>();
        try {
            for (Corpus.ThreadBody body : bodies) {
                workers.add(start(body));
            }
        } finally {
            join(workers.toArray(new Worker[0]));
        }
    }

    /** A condition that may throw. */
    @FunctionalInterface
    interface Probe<T> {
        T probe() throws Exception;
    }

    /** How long a poll waits for what it expects before it fails the case. */
    static final long PATIENCE_NANOS = 20_000_000_000L;

    /** Polls until {@code condition} holds; the edge, if any, is the condition's own. */
    static void spinUntil(Probe<Boolean> condition) throws Exception {
        spinFor(() -> condition.probe() ? Boolean.TRUE : null);
    }

    /** Polls until {@code probe} gives a value, and returns it. */
    static <T> T spinFor(Probe<T> probe) throws Exception {
        long end = System.nanoTime() + PATIENCE_NANOS;
        for (;;) {
            T value = probe.probe();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("race corpus: a poll saw nothing within 20 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    // ---------------------------------------------------------------- the cases

    @Override
    public void cases(Corpus c) {
        plainAccesses(c);
        startAndJoin(c);
        monitors(c);
        waitNotify(c);
        volatiles(c);
        atomics(c);
        varHandles(c);
        classInitialization(c);
        bulkArrays(c);
        reflection(c);
        atomicity(c);
    }

    private static void plainAccesses(Corpus c) {
        // Two unordered writes, one case per kind of field: the detector must see every width,
        // including the non-atomic long and double.
        c.raceThreads("WriteWriteInt", () -> {
            Box b = new Box();
            concurrently(() -> b.x = 1, () -> b.x = 2);
        });
        c.raceThreads("WriteWriteShort", () -> {
            Box b = new Box();
            concurrently(() -> b.s = 1, () -> b.s = 2);
        });
        c.raceThreads("WriteWriteChar", () -> {
            Box b = new Box();
            concurrently(() -> b.ch = '1', () -> b.ch = '2');
        });
        c.raceThreads("WriteWriteByte", () -> {
            Box b = new Box();
            concurrently(() -> b.by = 1, () -> b.by = 2);
        });
        c.raceThreads("WriteWriteBoolean", () -> {
            Box b = new Box();
            concurrently(() -> b.z = true, () -> b.z = false);
        });
        c.raceThreads("WriteWriteLong", () -> {
            Box b = new Box();
            concurrently(() -> b.l = 1L, () -> b.l = -1L);
        });
        c.raceThreads("WriteWriteFloat", () -> {
            Box b = new Box();
            concurrently(() -> b.f = 1.0f, () -> b.f = 2.0f);
        });
        c.raceThreads("WriteWriteDouble", () -> {
            Box b = new Box();
            concurrently(() -> b.d = 1.0, () -> b.d = 2.0);
        });
        c.raceThreads("WriteWriteReference", () -> {
            Box b = new Box();
            concurrently(() -> b.ref = "one", () -> b.ref = 2.0);
        });

        c.raceThreads("ReadWrite", () -> {
            Box b = new Box();
            concurrently(() -> {
                int v = b.x;
            }, () -> b.x = 2);
        });

        c.raceThreads("IncrementIncrement", () -> {
            Box b = new Box();
            concurrently(() -> b.x++, () -> b.x++);
        });

        c.raceThreads("StaticField", () -> concurrently(() -> sharedStatic = 1, () -> sharedStatic = 2));

        c.raceThreads("ArrayElement", () -> {
            int[] a = new int[4];
            concurrently(() -> a[2] = 1, () -> a[2] = 2);
        });

        // One object reached by two paths: a ring of three boxes leads back to the first.
        c.raceThreads("AliasedPaths", () -> {
            Box o = new Box();
            o.next = new Box();
            o.next.next = new Box();
            o.next.next.next = o;
            concurrently(() -> o.next.next.next.x = 1, () -> o.x = 2);
        });

        c.noRaceThreads("DistinctFields", () -> {
            Box b = new Box();
            concurrently(() -> b.x = 1, () -> b.y = 2);
        });

        c.noRaceThreads("DistinctArrayElements", () -> {
            int[] a = new int[4];
            concurrently(() -> a[1] = 1, () -> a[2] = 2);
        });

        // Different fields of one object at the end of a chain; the chain itself is only read.
        c.noRaceThreads("DistinctDeepFields", () -> {
            Box o = new Box();
            o.next = new Box();
            o.next.next = new Box();
            o.next.next.next = new Box();
            concurrently(() -> o.next.next.next.x = 1, () -> o.next.next.next.y = 2);
        });

        c.noRaceThreads("DistinctFieldsFourThreads", () -> {
            Box b = new Box();
            b.x = b.y = 117;
            b.boxed = b.boxed2 = 117;
            all(() -> b.x++, () -> b.y--, () -> b.boxed++, () -> b.boxed2--);
        });

        c.noRaceThreads("ReadRead", () -> {
            Box b = new Box();
            b.x = 1;
            concurrently(() -> {
                int v = b.x;
            }, () -> {
                int v = b.x;
            });
        });

        // Each field has its own monitor; three threads use both.
        c.noRaceThreads("FieldsWithOwnMonitors", () -> {
            Box b = new Box();
            Object lockForX = new Object();
            Corpus.ThreadBody body = () -> {
                synchronized (lockForX) {
                    b.x++;
                }
                synchronized (b) {
                    b.y--;
                }
            };
            all(body, body, body);
        });
    }

    private static void startAndJoin(Corpus c) {
        c.noRaceThreads("StartPublishes", () -> {
            Box b = new Box();
            b.x = 1;
            Worker w = start(() -> b.x++);
            join(w);
        });

        c.noRaceThreads("JoinPublishes", () -> {
            Box b = new Box();
            Worker w = start(() -> b.x = 1);
            join(w);
            b.x++;
        });

        // join, then start: the second thread is after the first by transitivity.
        c.noRaceThreads("JoinThenStart", () -> {
            Box b = new Box();
            Worker first = start(() -> b.x = 1);
            join(first);
            Worker second = start(() -> b.x++);
            join(second);
        });

        // A thread started by a thread: both edges chain.
        c.noRaceThreads("StartFromChild", () -> {
            Box b = new Box();
            b.x = 1;
            Worker w = start(() -> {
                Worker grandchild = start(() -> b.x++);
                join(grandchild);
                b.x++;
            });
            join(w);
            b.x++;
        });

        c.noRaceThreads("JoinAll", () -> {
            int[] slots = new int[3];
            all(() -> slots[0] = 1, () -> slots[1] = 2, () -> slots[2] = 3);
            int sum = slots[0] + slots[1] + slots[2];
        });

        // Joining a thread that was never started returns at once; its body never ran.
        c.noRaceThreads("JoinNeverStarted", () -> {
            Box b = new Box();
            Worker never = new Worker(() -> b.x = 1);
            join(never);
            b.x = 2;
        });

        c.raceThreads("ReadAfterStartBeforeJoin", () -> {
            Box b = new Box();
            Worker w = start(() -> b.x = 1);
            int v = b.x;
            join(w);
        });

        c.raceThreads("WriteAfterStart", () -> {
            Box b = new Box();
            Worker w = start(() -> {
                int v = b.x;
            });
            b.x = 1;
            join(w);
        });

        // Both are joined by the case thread, but nothing orders the two siblings.
        c.raceThreads("SiblingThreads", () -> {
            Box b = new Box();
            all(() -> b.x = 1, () -> b.x = 2);
        });

        // A join orders the joined thread only: b.x is fine, b.y races with the other worker.
        c.raceThreads("JoinOrdersOnlyThatThread", () -> {
            Box b = new Box();
            Worker first = start(() -> b.x = 1);
            Worker second = start(() -> b.y = 1);
            try {
                first.join();
                int v = b.x + b.y;
            } finally {
                join(first, second);
            }
        });
    }

    private static void monitors(Corpus c) {
        c.noRaceThreads("SyncBlock", () -> {
            Box b = new Box();
            Object lock = new Object();
            Corpus.ThreadBody inc = () -> {
                synchronized (lock) {
                    b.x++;
                }
            };
            all(inc, inc);
        });

        c.noRaceThreads("SyncMethod", () -> {
            Counter counter = new Counter();
            all(counter::inc, counter::inc);
            counter.n++;
        });

        // A synchronized method and a block on the same object hold one monitor.
        c.noRaceThreads("SyncMethodAndBlock", () -> {
            Counter counter = new Counter();
            all(counter::inc, () -> {
                synchronized (counter) {
                    counter.n++;
                }
            });
        });

        c.noRaceThreads("StaticSyncMethod", () -> all(StaticCounter::inc, StaticCounter::inc));

        // A static synchronized method holds the Class object's monitor.
        c.noRaceThreads("StaticSyncMethodAndClassBlock", () -> all(StaticCounter::inc, () -> {
            synchronized (StaticCounter.class) {
                StaticCounter.n++;
            }
        }));

        // A reentrant acquire does not release early: the outer exit is the release.
        c.noRaceThreads("SyncReentrant", () -> {
            Box b = new Box();
            Corpus.ThreadBody inc = () -> {
                synchronized (b) {
                    synchronized (b) {
                        b.x++;
                    }
                    b.y++;
                }
            };
            all(inc, inc);
        });

        // The worker leaves the block by an exception; the case thread can only get the monitor
        // back from wait() after that exit, which is a release like any other.
        c.noRaceThreads("SyncExceptionInBlock", () -> {
            Box b = new Box();
            Worker w = start(() -> {
                try {
                    synchronized (b) {
                        b.x = 1;
                        b.done = true;
                        b.notifyAll();
                        throw new IllegalStateException("leaves the monitor by an exception");
                    }
                } catch (IllegalStateException expected) {
                    // the monitor is released on the way out
                }
            });
            try {
                synchronized (b) {
                    while (!b.done) {
                        b.wait();
                    }
                }
                b.x++;
            } finally {
                join(w);
            }
        });

        // The same with a synchronized method that throws.
        c.noRaceThreads("SyncExceptionInMethod", () -> {
            Guard g = new Guard();
            Worker w = start(() -> {
                try {
                    g.writeAndThrow();
                } catch (IllegalStateException expected) {
                    // the monitor is released on the way out
                }
            });
            try {
                g.awaitDone();
                g.x++;
            } finally {
                join(w);
            }
        });

        // And with a static synchronized method, on the class monitor.
        c.noRaceThreads("StaticSyncExceptionInMethod", () -> {
            StaticGuard.reset();
            Worker w = start(() -> {
                try {
                    StaticGuard.writeAndThrow();
                } catch (IllegalStateException expected) {
                    // the class monitor is released on the way out
                }
            });
            try {
                StaticGuard.awaitDone();
                StaticGuard.x++;
            } finally {
                join(w);
            }
        });

        // A flag under a monitor hands b.data over; the poller takes the monitor each time.
        c.noRaceThreads("OwnershipViaLockedFlag", () -> {
            Box b = new Box();
            concurrently(() -> {
                b.data = 1;
                synchronized (b) {
                    b.done = true;
                }
            }, () -> {
                spinUntil(() -> {
                    synchronized (b) {
                        return b.done;
                    }
                });
                b.data = 2;
            });
        });

        // An object made by one thread is handed over through a field under a monitor.
        c.noRaceThreads("OwnershipViaLockedReference", () -> {
            Box b = new Box();
            concurrently(() -> {
                Box message = new Box();
                message.x = 42;
                synchronized (b) {
                    b.ref = message;
                }
            }, () -> {
                Box message = (Box) spinFor(() -> {
                    synchronized (b) {
                        return b.ref;
                    }
                });
                message.x++;
            });
        });

        // The same through a JDK map (not tracked itself) used only under a monitor.
        c.noRaceThreads("OwnershipViaLockedMap", () -> {
            Map<Integer, Box> map = new TreeMap<>();
            concurrently(() -> {
                Box message = new Box();
                message.x = 42;
                synchronized (map) {
                    map.put(1, message);
                }
            }, () -> {
                Box message = spinFor(() -> {
                    synchronized (map) {
                        return map.get(1);
                    }
                });
                message.x++;
            });
        });

        // Two writers count down under a monitor; two readers wait for zero under it, then read
        // what both writers wrote without it.
        c.noRaceThreads("CountdownUnderMonitor", () -> {
            Box b = new Box();
            Object lockForX = new Object();
            b.pending = 2;
            Corpus.ThreadBody writer = () -> {
                synchronized (lockForX) {
                    b.x++;
                }
                synchronized (b) {
                    b.pending--;
                }
            };
            Corpus.ThreadBody reader = () -> {
                spinUntil(() -> {
                    synchronized (b) {
                        return b.pending == 0;
                    }
                });
                int v = b.x;
            };
            all(writer, writer, reader, reader);
        });

        c.raceThreads("UnlockedVsLocked", () -> {
            Box b = new Box();
            concurrently(() -> b.x = 1, () -> {
                synchronized (b) {
                    b.x = 2;
                }
            });
        });

        c.raceThreads("SyncMethodVsUnsynchronized", () -> {
            Counter counter = new Counter();
            concurrently(counter::inc, () -> counter.n++);
        });

        c.raceThreads("DifferentMonitors", () -> {
            Box b = new Box();
            Object one = new Object();
            Object two = new Object();
            concurrently(() -> {
                synchronized (one) {
                    b.x++;
                }
            }, () -> {
                synchronized (two) {
                    b.x++;
                }
            });
        });

        // A static synchronized method holds the class monitor, an instance one the object's.
        c.raceThreads("StaticVsInstanceSync", () -> {
            TwoMonitors instance = new TwoMonitors();
            concurrently(TwoMonitors::incStatic, instance::incInstance);
        });

        // The exception handler runs after the monitor is released, so its write is not
        // covered by the waiter's acquire.
        c.raceThreads("SyncExceptionThenUnlockedWrite", () -> {
            Box b = new Box();
            Worker w = start(() -> {
                try {
                    synchronized (b) {
                        b.done = true;
                        b.notifyAll();
                        throw new IllegalStateException("leaves the monitor by an exception");
                    }
                } catch (IllegalStateException expected) {
                    b.x = 1;
                }
            });
            try {
                synchronized (b) {
                    while (!b.done) {
                        b.wait();
                    }
                }
                int v = b.x;
            } finally {
                join(w);
            }
        });
    }

    private static void waitNotify(Corpus c) {
        c.noRaceThreads("WaitNotify", () -> {
            Box b = new Box();
            concurrently(() -> {
                b.data = 1;
                synchronized (b) {
                    b.done = true;
                    b.notify();
                }
            }, () -> {
                synchronized (b) {
                    while (!b.done) {
                        b.wait();
                    }
                }
                b.data++;
            });
        });

        // Two producers, two consumers, notifyAll; one consumer waits with a timeout.
        c.noRaceThreads("WaitNotifyAll", () -> {
            Box b = new Box();
            int[] slots = new int[2];
            b.pending = 2;
            Corpus.ThreadBody first = () -> {
                slots[0] = 1;
                synchronized (b) {
                    b.pending--;
                    b.notifyAll();
                }
            };
            Corpus.ThreadBody second = () -> {
                slots[1] = 2;
                synchronized (b) {
                    b.pending--;
                    b.notifyAll();
                }
            };
            Corpus.ThreadBody waiter = () -> {
                synchronized (b) {
                    while (b.pending != 0) {
                        b.wait();
                    }
                }
                int sum = slots[0] + slots[1];
            };
            Corpus.ThreadBody timedWaiter = () -> {
                synchronized (b) {
                    while (b.pending != 0) {
                        b.wait(10);
                    }
                }
                int sum = slots[0] + slots[1];
            };
            all(waiter, timedWaiter, first, second);
        });

        c.raceThreads("WaitNotifyWriteAfterNotify", () -> {
            Box b = new Box();
            concurrently(() -> {
                synchronized (b) {
                    b.done = true;
                    b.notify();
                }
                b.data = 1;
            }, () -> {
                synchronized (b) {
                    while (!b.done) {
                        b.wait();
                    }
                }
                int v = b.data;
            });
        });
    }

    private static void volatiles(Corpus c) {
        c.noRaceThreads("VolatileFlag", () -> {
            Box b = new Box();
            concurrently(() -> {
                b.data = 1;
                b.ready = true;
            }, () -> {
                spinUntil(() -> b.ready);
                b.data = 2;
            });
        });

        c.noRaceThreads("VolatileStaticFlag", () -> {
            staticReady = false;
            staticData = 0;
            concurrently(() -> {
                staticData = 1;
                staticReady = true;
            }, () -> {
                spinUntil(() -> staticReady);
                staticData = 2;
            });
        });

        // The field reference names the subclass; the field it resolves to is volatile.
        c.noRaceThreads("VolatileInheritedField", () -> {
            VolatileDerived v = new VolatileDerived();
            concurrently(() -> {
                v.data = 1;
                v.ready = true;
            }, () -> {
                spinUntil(() -> v.ready);
                v.data = 2;
            });
        });

        c.noRaceThreads("VolatileInheritedStaticField", () -> {
            VolatileDerived.staticReady = false;
            VolatileDerived.staticData = 0;
            concurrently(() -> {
                VolatileDerived.staticData = 1;
                VolatileDerived.staticReady = true;
            }, () -> {
                spinUntil(() -> VolatileDerived.staticReady);
                VolatileDerived.staticData = 2;
            });
        });

        // Volatile accesses are synchronization actions, never a data race among themselves.
        c.noRaceThreads("VolatileWriteWrite", () -> {
            Box b = new Box();
            concurrently(() -> b.counter = 1, () -> {
                b.counter = 2;
                int v = b.counter;
            });
        });

        // Two volatile hand-offs chain: A before B before the case thread.
        c.noRaceThreads("VolatileTransitive", () -> {
            Box b = new Box();
            all(() -> {
                b.data = 1;
                b.go = true;
            }, () -> {
                spinUntil(() -> b.go);
                b.data++;
                b.ready = true;
            }, () -> {
                spinUntil(() -> b.ready);
                b.data++;
            });
        });

        // The writer raises the flag before it writes the data the flag should publish.
        c.raceThreads("VolatileFlagBeforeData", () -> {
            Box b = new Box();
            concurrently(() -> {
                b.ready = true;
                b.data = 1;
            }, () -> {
                spinUntil(() -> b.ready);
                int v = b.data;
            });
        });

        // The reader reads the data before the flag: the acquire comes too late to cover it.
        c.raceThreads("VolatileDataReadBeforeFlag", () -> {
            Box b = new Box();
            concurrently(() -> {
                b.data = 1;
                b.ready = true;
            }, () -> {
                int v = b.data;
                spinUntil(() -> b.ready);
            });
        });

        // The reader reads the flag before the writer can have written it (the writer waits for
        // b.go, raised after that read), so the read synchronizes with nothing; reading the data
        // anyway is a race. b.go orders the case thread's earlier actions before the writer's
        // later ones, not the other way.
        c.raceThreads("VolatileReadBeforeWrite", () -> {
            Box b = new Box();
            concurrently(() -> {
                spinUntil(() -> b.go);
                b.data = 1;
                b.ready = true;
            }, () -> {
                boolean seen = b.ready;
                b.go = true;
                int v = b.data;
                if (seen) {
                    throw new AssertionError("the flag cannot be up yet");
                }
            });
        });
    }

    private static void atomics(Corpus c) {
        // Atomic operations alone never race.
        c.noRaceThreads("AtomicIncrements", () -> {
            AtomicInteger count = new AtomicInteger();
            Corpus.ThreadBody inc = count::incrementAndGet;
            all(inc, inc, inc, inc);
            if (count.get() != 4) {
                throw new AssertionError("lost an increment");
            }
        });

        c.noRaceThreads("AtomicIntegerPublication", () -> {
            Box b = new Box();
            AtomicInteger flag = new AtomicInteger();
            concurrently(() -> {
                b.data = 1;
                flag.set(1);
            }, () -> {
                spinUntil(() -> flag.get() == 1);
                b.data++;
            });
        });

        // lazySet is a release store; get acquires it.
        c.noRaceThreads("AtomicLazySetPublishes", () -> {
            Box b = new Box();
            AtomicInteger flag = new AtomicInteger();
            concurrently(() -> {
                b.data = 1;
                flag.lazySet(1);
            }, () -> {
                spinUntil(() -> flag.get() == 1);
                b.data++;
            });
        });

        // A failed compareAndSet still reads with volatile semantics: once it fails because it
        // saw the writer's 1, the writer's earlier write is ordered before the reader.
        c.noRaceThreads("AtomicFailedCasAcquires", () -> {
            Box b = new Box();
            AtomicInteger flag = new AtomicInteger();
            concurrently(() -> {
                b.data = 1;
                flag.set(1);
            }, () -> {
                spinUntil(() -> !flag.compareAndSet(0, 0));
                b.data++;
            });
        });

        // A spin lock: compareAndSet to take it, set to give it back.
        c.noRaceThreads("AtomicCasSpinLock", () -> {
            Box b = new Box();
            AtomicInteger lock = new AtomicInteger();
            Corpus.ThreadBody inc = () -> {
                spinUntil(() -> lock.compareAndSet(0, 1));
                b.x++;
                lock.set(0);
            };
            all(inc, inc, inc);
        });

        // An object filled in and then published through an AtomicReference.
        c.noRaceThreads("AtomicReferencePublication", () -> {
            AtomicReference<Box> ref = new AtomicReference<>();
            concurrently(() -> {
                Box fresh = new Box();
                fresh.x = 42;
                ref.set(fresh);
            }, () -> {
                Box got = spinFor(ref::get);
                got.x++;
            });
        });

        c.noRaceThreads("FieldUpdaterPublication", () -> {
            Updated u = new Updated();
            concurrently(() -> {
                u.data = 1;
                STATE.compareAndSet(u, 0, 1);
            }, () -> {
                spinUntil(() -> STATE.get(u) == 1);
                u.data++;
            });
        });

        c.noRaceThreads("FieldUpdaterIncrements", () -> {
            Updated u = new Updated();
            Corpus.ThreadBody inc = () -> STATE.incrementAndGet(u);
            all(inc, inc, inc);
        });

        c.raceThreads("AtomicSetBeforeData", () -> {
            Box b = new Box();
            AtomicInteger flag = new AtomicInteger();
            concurrently(() -> {
                flag.set(1);
                b.data = 1;
            }, () -> {
                spinUntil(() -> flag.get() == 1);
                int v = b.data;
            });
        });

        // setPlain is no release: seeing its value orders nothing (and it is a plain access of
        // the atomic's value besides, racing with the reader's get).
        c.raceThreads("AtomicSetPlainIsNoRelease", () -> {
            Box b = new Box();
            AtomicInteger flag = new AtomicInteger();
            concurrently(() -> {
                b.data = 1;
                flag.setPlain(1);
            }, () -> {
                spinUntil(() -> flag.get() == 1);
                int v = b.data;
            });
        });

        c.raceThreads("AtomicCasLockBypassed", () -> {
            Box b = new Box();
            AtomicInteger lock = new AtomicInteger();
            concurrently(() -> {
                spinUntil(() -> lock.compareAndSet(0, 1));
                b.x++;
                lock.set(0);
            }, () -> b.x++);
        });

        // Published first, written after: the reader's acquire covers only the earlier writes.
        c.raceThreads("AtomicReferenceWriteAfterPublish", () -> {
            AtomicReference<Box> ref = new AtomicReference<>();
            concurrently(() -> {
                Box fresh = new Box();
                ref.set(fresh);
                fresh.x = 42;
            }, () -> {
                Box got = spinFor(ref::get);
                int v = got.x;
            });
        });

        c.raceThreads("FieldUpdaterSetBeforeData", () -> {
            Updated u = new Updated();
            concurrently(() -> {
                STATE.set(u, 1);
                u.data = 1;
            }, () -> {
                spinUntil(() -> STATE.get(u) == 1);
                int v = u.data;
            });
        });
    }

    private static void varHandles(Corpus c) {
        c.noRaceThreads("VarHandleReleaseAcquire", () -> {
            Handled h = new Handled();
            concurrently(() -> {
                h.x = 1;
                FLAG.setRelease(h, 1);
            }, () -> {
                spinUntil(() -> (int) FLAG.getAcquire(h) == 1);
                h.x++;
            });
        });

        c.noRaceThreads("VarHandleVolatileModes", () -> {
            Handled h = new Handled();
            concurrently(() -> {
                h.x = 1;
                FLAG.setVolatile(h, 1);
            }, () -> {
                spinUntil(() -> (int) FLAG.getVolatile(h) == 1);
                h.x++;
            });
        });

        // A spin lock on a plain field: compareAndSet takes it, setRelease gives it back.
        c.noRaceThreads("VarHandleCasSpinLock", () -> {
            Handled h = new Handled();
            Corpus.ThreadBody inc = () -> {
                spinUntil(() -> LOCK.compareAndSet(h, 0, 1));
                h.x++;
                LOCK.setRelease(h, 0);
            };
            all(inc, inc, inc);
        });

        // Plain VarHandle accesses are ordinary accesses: ordered here by join.
        c.noRaceThreads("VarHandlePlainOrderedByJoin", () -> {
            Handled h = new Handled();
            Worker w = start(() -> X.set(h, 1));
            join(w);
            int v = (int) X.get(h);
            h.x = v + 1;
        });

        // Release/acquire on an array element publishes another element.
        c.noRaceThreads("VarHandleArrayReleaseAcquire", () -> {
            int[] a = new int[8];
            concurrently(() -> {
                a[5] = 7;
                INT_ELEMENT.setRelease(a, 0, 1);
            }, () -> {
                spinUntil(() -> (int) INT_ELEMENT.getAcquire(a, 0) == 1);
                a[5]++;
            });
        });

        c.raceThreads("VarHandleReleaseBeforeData", () -> {
            Handled h = new Handled();
            concurrently(() -> {
                FLAG.setRelease(h, 1);
                h.x = 1;
            }, () -> {
                spinUntil(() -> (int) FLAG.getAcquire(h) == 1);
                int v = h.x;
            });
        });

        c.raceThreads("VarHandlePlainSetVsGet", () -> {
            Handled h = new Handled();
            concurrently(() -> X.set(h, 1), () -> {
                int v = (int) X.get(h);
            });
        });

        // A plain VarHandle write and a field write reach the same location.
        c.raceThreads("VarHandlePlainSetVsField", () -> {
            Handled h = new Handled();
            concurrently(() -> X.set(h, 1), () -> h.x = 2);
        });

        // An atomic read-modify-write mixed with a plain write of the same field.
        c.raceThreads("VarHandleAtomicVsPlain", () -> {
            Handled h = new Handled();
            concurrently(() -> {
                int old = (int) X.getAndAdd(h, 1);
            }, () -> h.x = 5);
        });

        c.raceThreads("VarHandleCasLockBypassed", () -> {
            Handled h = new Handled();
            concurrently(() -> {
                spinUntil(() -> LOCK.compareAndSet(h, 0, 1));
                h.x++;
                LOCK.setRelease(h, 0);
            }, () -> h.x++);
        });

        c.raceThreads("VarHandleArrayElementPlain", () -> {
            int[] a = new int[8];
            concurrently(() -> INT_ELEMENT.set(a, 3, 1), () -> {
                int v = a[3];
            });
        });

        // Opaque mode promises coherence of the one variable, no ordering of others: under the
        // JMM the write of h.x is not ordered before the read.
        c.raceThreads("VarHandleOpaqueOrdersNothing", () -> {
            Handled h = new Handled();
            concurrently(() -> {
                h.x = 1;
                FLAG.setOpaque(h, 1);
            }, () -> {
                spinUntil(() -> (int) FLAG.getOpaque(h) == 1);
                int v = h.x;
            });
        }).knownFailure("DESIGN makes every non-plain VarHandle mode synchronization, opaque included, "
                + "while the JMM gives opaque accesses no happens-before edge");
    }

    private static void classInitialization(Corpus c) {
        // Two workers use Lazy; whichever comes first runs its static initializer, the other
        // waits for it inside the JVM. The initializer's writes (a static int, a static array and
        // its elements, a static object and its field) are ordered before both uses, with no
        // other synchronization between the workers.
        c.noRaceThreads("ClassInitPublishes", () -> {
            Corpus.ThreadBody use = () -> {
                int v = Lazy.value + Lazy.table[1] + Lazy.box.x;
                if (v != 42 + 2 + 7) {
                    throw new AssertionError("saw " + v);
                }
            };
            all(use, use);
        });

        // Initialization orders only what the initializer wrote: a later write is plain.
        c.raceThreads("ClassInitThenPlainWrite", () -> concurrently(() -> Configured.value = 2, () -> {
            int v = Configured.value;
        }));
    }

    private static void bulkArrays(Corpus c) {
        // System.arraycopy writes dst[10, 110): element 42 is in it.
        c.raceThreads("ArraycopyVsElementRead", () -> {
            int[] shared = new int[117];
            concurrently(() -> System.arraycopy(new int[100], 0, shared, 10, 100), () -> {
                int v = shared[42];
            });
        });

        // A copy into [10, 110) and a copy out of [0, 20) overlap in [10, 20).
        c.raceThreads("ArraycopyVsArraycopy", () -> {
            int[] shared = new int[117];
            concurrently(() -> System.arraycopy(new int[100], 0, shared, 10, 100),
                    () -> System.arraycopy(shared, 0, new int[30], 0, 20));
        });

        // A copy out of [30, 50) reads element 42.
        c.raceThreads("ElementWriteVsArraycopy", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[42] = 117, () -> System.arraycopy(shared, 30, new int[30], 0, 20));
        });

        // An ArrayStoreException in the middle of the copy: the elements before the bad one
        // were read (and element 0 always is), racing with the writer.
        c.raceThreads("ArraycopyStoppedByArrayStore", () -> {
            Object[] shared = new Object[20];
            concurrently(() -> {
                for (int i = 0; i < 10; i++) {
                    shared[i] = i;
                }
                for (int i = 10; i < 20; i++) {
                    shared[i] = 0.5 * i;
                }
            }, () -> {
                try {
                    System.arraycopy(shared, 0, new Integer[20], 0, 20);
                } catch (ArrayStoreException expected) {
                    // a Double was reached
                }
            });
        });

        c.noRaceThreads("ArraycopyDisjoint", () -> {
            int[] shared = new int[117];
            concurrently(() -> System.arraycopy(new int[100], 0, shared, 10, 100),
                    () -> System.arraycopy(shared, 0, new int[30], 0, 6));
        });

        c.noRaceThreads("ArraycopyVsDisjointElement", () -> {
            int[] shared = new int[117];
            concurrently(() -> System.arraycopy(new int[100], 0, shared, 10, 100), () -> {
                int v = shared[3];
            });
        });

        c.noRaceThreads("ElementWriteVsDisjointArraycopy", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[27] = 11, () -> System.arraycopy(shared, 0, new int[30], 0, 20));
        });

        // A copy whose bounds are wrong throws before it touches either array.
        c.noRaceThreads("ArraycopyOutOfBounds", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[27] = 11, () -> {
                try {
                    System.arraycopy(shared, 0, new int[30], 0, 200);
                    throw new AssertionError("the copy should not fit");
                } catch (IndexOutOfBoundsException expected) {
                    // nothing was copied
                }
            });
        });

        c.noRaceThreads("ArraycopyNullDestination", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[27] = 11, () -> {
                try {
                    System.arraycopy(shared, 0, null, 0, 20);
                    throw new AssertionError("the copy should have no destination");
                } catch (NullPointerException expected) {
                    // nothing was copied
                }
            });
        });

        // A destination that is not an array: ArrayStoreException before anything is read.
        c.noRaceThreads("ArraycopyDestinationNotArray", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[27] = 11, () -> {
                try {
                    System.arraycopy(shared, 0, new Object(), 0, 20);
                    throw new AssertionError("the destination is no array");
                } catch (ArrayStoreException expected) {
                    // nothing was copied
                }
            });
        });

        c.noRaceThreads("ArraycopyUnderMonitor", () -> {
            int[] shared = new int[117];
            concurrently(() -> {
                synchronized (shared) {
                    System.arraycopy(new int[100], 0, shared, 10, 100);
                }
            }, () -> {
                synchronized (shared) {
                    System.arraycopy(shared, 0, new int[30], 0, 20);
                }
            });
        });

        c.noRaceThreads("ArraycopyOrderedByStartAndJoin", () -> {
            int[] shared = new int[16];
            System.arraycopy(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, shared, 0, 8);
            Worker w = start(() -> {
                shared[4] = shared[3];
                System.arraycopy(shared, 0, shared, 8, 8);
            });
            join(w);
            int[] copy = Arrays.copyOf(shared, 16);
        });

        c.raceThreads("ArraysFillVsRead", () -> {
            int[] shared = new int[100];
            concurrently(() -> Arrays.fill(shared, 7), () -> {
                int v = shared[5];
            });
        });

        c.raceThreads("ArraysFillRangeVsWrite", () -> {
            int[] shared = new int[100];
            concurrently(() -> Arrays.fill(shared, 0, 50, 1), () -> shared[49] = 2);
        });

        c.noRaceThreads("ArraysFillDisjointRanges", () -> {
            int[] shared = new int[100];
            concurrently(() -> Arrays.fill(shared, 0, 50, 1), () -> Arrays.fill(shared, 50, 100, 2));
        });

        c.noRaceThreads("ArraysFillThenJoin", () -> {
            int[] shared = new int[100];
            Worker w = start(() -> Arrays.fill(shared, 7));
            join(w);
            shared[5]++;
            Arrays.fill(shared, 0);
        });

        c.raceThreads("ArraysCopyOfVsWrite", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[3] = 1, () -> {
                int[] copy = Arrays.copyOf(shared, 10);
            });
        });

        c.noRaceThreads("ArraysCopyOfRangeDisjoint", () -> {
            int[] shared = new int[117];
            concurrently(() -> shared[50] = 1, () -> {
                int[] copy = Arrays.copyOfRange(shared, 0, 10);
            });
        });

        c.raceThreads("ArraysSortVsRead", () -> {
            int[] shared = {5, 3, 9, 1, 7};
            concurrently(() -> Arrays.sort(shared), () -> {
                int v = shared[0];
            });
        });

        c.raceThreads("ArraysEqualsVsWrite", () -> {
            int[] shared = new int[10];
            int[] other = new int[10];
            concurrently(() -> shared[5] = 1, () -> {
                boolean same = Arrays.equals(shared, other);
            });
        });

        // new String(char[]) reads the whole array.
        c.raceThreads("StringFromCharsVsWrite", () -> {
            char[] chars = {'a', 'b', 'c'};
            concurrently(() -> chars[1] = 'z', () -> {
                String s = new String(chars);
            });
        });

        c.raceThreads("StringFromBytesVsWrite", () -> {
            byte[] bytes = {'a', 'b', 'c'};
            concurrently(() -> bytes[2] = 'z', () -> {
                String s = new String(bytes, StandardCharsets.US_ASCII);
            });
        });

        // String.getChars writes chars[0, 5).
        c.raceThreads("GetCharsVsRead", () -> {
            char[] chars = new char[8];
            concurrently(() -> "hello".getChars(0, 5, chars, 0), () -> {
                char v = chars[2];
            });
        });

        c.noRaceThreads("GetCharsDisjoint", () -> {
            char[] chars = new char[8];
            concurrently(() -> "hello".getChars(0, 5, chars, 0), () -> chars[6] = 'x');
        });
    }

    private static void reflection(Corpus c) {
        c.raceThreads("ReflectiveSetVsRead", () -> {
            Box b = new Box();
            concurrently(() -> BOX_X.setInt(b, 1), () -> {
                int v = b.x;
            });
        });

        c.raceThreads("ReflectiveGetVsWrite", () -> {
            Box b = new Box();
            concurrently(() -> {
                int v = BOX_X.getInt(b);
            }, () -> b.x = 2);
        });

        c.raceThreads("ReflectiveStaticSetVsRead", () -> concurrently(() -> REFLECTED_STATIC.setInt(null, 1), () -> {
            int v = reflectedStatic;
        }));

        c.raceThreads("ReflectiveArraySetVsRead", () -> {
            int[] a = new int[4];
            concurrently(() -> Array.setInt(a, 2, 1), () -> {
                int v = a[2];
            });
        });

        c.raceThreads("ReflectiveArrayGetVsWrite", () -> {
            int[] a = new int[4];
            concurrently(() -> {
                int v = Array.getInt(a, 2);
            }, () -> a[2] = 1);
        });

        c.noRaceThreads("ReflectiveSetThenJoin", () -> {
            Box b = new Box();
            Worker w = start(() -> BOX_X.setInt(b, 1));
            join(w);
            b.x++;
        });

        c.noRaceThreads("ReflectiveSetUnderMonitor", () -> {
            Box b = new Box();
            concurrently(() -> {
                synchronized (b) {
                    BOX_X.setInt(b, BOX_X.getInt(b) + 1);
                }
            }, () -> {
                synchronized (b) {
                    b.x++;
                }
            });
        });

        c.noRaceThreads("ReflectiveArrayDisjoint", () -> {
            int[] a = new int[4];
            concurrently(() -> Array.setInt(a, 2, 1), () -> a[3] = 1);
        });
    }

    /**
     * Atomicity violations that are not data races (jtsan's HighLevelDataRaceTests): every
     * access is ordered, so a happens-before detector must stay quiet.
     */
    private static void atomicity(Corpus c) {
        // Read under the monitor, bump a local, write under the monitor again: an increment can
        // be lost, but no two accesses are unordered.
        c.noRaceThreads("AtomicityLocalCopy", () -> {
            Box b = new Box();
            Corpus.ThreadBody inc = () -> {
                int local;
                synchronized (b) {
                    local = b.x;
                }
                local++;
                synchronized (b) {
                    b.x = local;
                }
            };
            all(inc, inc);
        });

        // A point set one coordinate at a time can be read half updated, under its monitor.
        c.noRaceThreads("AtomicityPointHalfUpdated", () -> {
            Box point = new Box();
            concurrently(() -> {
                synchronized (point) {
                    point.x = 100;
                }
                synchronized (point) {
                    point.y = 100;
                }
            }, () -> {
                int[] xy;
                synchronized (point) {
                    xy = new int[] {point.x, point.y};
                }
                Box copy = new Box();
                copy.x = xy[0];
                copy.y = xy[1];
            });
        });

        // A count kept in an atomic and a sum kept under a monitor can disagree, without a race.
        c.noRaceThreads("AtomicityCountAndSum", () -> {
            Box stats = new Box();
            AtomicInteger count = new AtomicInteger();
            concurrently(() -> {
                count.incrementAndGet();
                synchronized (stats) {
                    stats.d += "blablabla".length();
                }
            }, () -> {
                synchronized (stats) {
                    double mean = stats.d / Math.max(1, count.get());
                }
            });
        });
    }
}
