package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.race.Corpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Go's {@code src/runtime/race/testdata/atomic_test.go}, ported to weft in weft's own words: the
 * scenarios are Go's, the code is not.
 *
 * <p>How Go's atomics map. Go's {@code sync/atomic} functions work on ordinary variables; the
 * Java counterpart that does the same is a {@link VarHandle} on an ordinary (not volatile)
 * field, used with its volatile modes ({@code getVolatile}, {@code setVolatile},
 * {@code getAndAdd}, {@code compareAndSet}: Go's atomics are sequentially consistent). The
 * 32-bit cases use such a VarHandle on an {@code int} field. The 64-bit cases that only ever
 * touch the variable atomically use {@link AtomicLong} and the pointer case
 * {@link AtomicReference}, so that {@code java.util.concurrent.atomic} is covered too. The cases
 * that mix an atomic and a plain access of one variable need a VarHandle on a plain
 * {@code long} field: only that reaches the same memory both ways. Go's {@code int8} is
 * {@code byte}, {@code runtime.Gosched} is {@code Go.yield}.
 *
 * <p>Where Go's goroutine ends unobserved after its atomic operation, the port adds a channel
 * that the goroutine sends on last and main receives from last, after every access the verdict
 * depends on, so it orders nothing that matters. A spin-wait gives up with an error (not a
 * verdict) after {@link #SPIN_LIMIT} rounds.
 *
 * <p>Every Go test of the file is ported; none is skipped. {@code NoRaceDeferAtomicStore} forks
 * a tree of depth 5 instead of 11 and collects garbage once, at the root, rather than in each
 * of its 4095 goroutines (the Go test is about the collector scanning a deferred atomic call;
 * what carries to Java is an atomic store in a {@code finally} across a fork tree).
 */
public final class AtomicCases implements Corpus.Source {

    /** The variables of one case. */
    static final class Vars {
        byte x1;
        byte x2;
        long x;
        int s32;
        long a;
        int panics;
    }

    /** Go's {@code type foo struct { bar int64 }}. */
    static final class Foo {
        long bar;
    }

    static final VarHandle S32 = handle(Vars.class, "s32", int.class);
    static final VarHandle A = handle(Vars.class, "a", long.class);
    static final VarHandle BAR = handle(Foo.class, "bar", long.class);

    static final int SPIN_LIMIT = 1_000_000;

    private static VarHandle handle(Class<?> owner, String field, Class<?> type) {
        try {
            return MethodHandles.lookup().findVarHandle(owner, field, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Yields until {@code published} holds: Go's {@code for !cond { runtime.Gosched() }}. */
    @Suspendable
    static void spinUntil(BooleanSupplier published) {
        for (int round = 0; !published.getAsBoolean(); round++) {
            if (round == SPIN_LIMIT) {
                throw new AssertionError("the goroutine never published its value");
            }
            Go.yield();
        }
    }

    /** Each goroutine stores to its own Foo on entry and, in a finally, on exit; it forks two more. */
    static void doFork(Foo f, int depth, WaitGroup wg) {
        BAR.setVolatile(f, 1L);
        try {
            if (depth > 0) {
                for (int i = 0; i < 2; i++) {
                    Foo child = new Foo();
                    wg.add(1);
                    Go.go(() -> {
                        try {
                            doFork(child, depth - 1, wg);
                        } finally {
                            wg.done();
                        }
                    });
                }
            }
        } finally {
            BAR.setVolatile(f, 0L);
        }
    }

    @Override
    public void cases(Corpus c) {
        // --- read-modify-write: only the second adder may touch what the first wrote ---
        c.noRace("AtomicAddInt64", () -> {
            Vars v = new Vars();
            AtomicLong s = new AtomicLong();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                v.x1 = 1;
                if (s.addAndGet(1) == 2) {
                    v.x2 = 1;
                }
                done.send(true);
            });
            Go.go(() -> {
                v.x2 = 1;
                if (s.addAndGet(1) == 2) {
                    v.x1 = 1;
                }
                done.send(true);
            });
            done.recv();
            done.recv();
        });
        c.race("AtomicAddInt64", () -> {
            // the first adder writes the other's variable, which nothing orders before that
            Vars v = new Vars();
            AtomicLong s = new AtomicLong();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                v.x1 = 1;
                if (s.addAndGet(1) == 1) {
                    v.x2 = 1;
                }
                done.send(true);
            });
            Go.go(() -> {
                v.x2 = 1;
                if (s.addAndGet(1) == 1) {
                    v.x1 = 1;
                }
                done.send(true);
            });
            done.recv();
            done.recv();
        });
        c.noRace("AtomicAddInt32", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                v.x1 = 1;
                if ((int) S32.getAndAdd(v, 1) + 1 == 2) {
                    v.x2 = 1;
                }
                done.send(true);
            });
            Go.go(() -> {
                v.x2 = 1;
                if ((int) S32.getAndAdd(v, 1) + 1 == 2) {
                    v.x1 = 1;
                }
                done.send(true);
            });
            done.recv();
            done.recv();
        });

        // --- a goroutine publishes with an atomic write, main waits for it atomically ---
        c.noRace("AtomicLoadAddInt32", () -> {
            Vars v = new Vars();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                S32.getAndAdd(v, 1);
                exited.send(true);
            });
            spinUntil(() -> (int) S32.getVolatile(v) == 1);
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicLoadStoreInt32", () -> {
            Vars v = new Vars();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                S32.setVolatile(v, 1);
                exited.send(true);
            });
            spinUntil(() -> (int) S32.getVolatile(v) == 1);
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicStoreCASInt32", () -> {
            Vars v = new Vars();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                S32.setVolatile(v, 1);
                exited.send(true);
            });
            spinUntil(() -> S32.compareAndSet(v, 1, 0));
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicCASLoadInt32", () -> {
            Vars v = new Vars();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                if (!S32.compareAndSet(v, 0, 1)) {
                    throw new IllegalStateException("nobody else swaps s");
                }
                exited.send(true);
            });
            spinUntil(() -> (int) S32.getVolatile(v) == 1);
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicCASCASInt32", () -> {
            Vars v = new Vars();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                if (!S32.compareAndSet(v, 0, 1)) {
                    throw new IllegalStateException("nobody else swaps s");
                }
                exited.send(true);
            });
            spinUntil(() -> S32.compareAndSet(v, 1, 0));
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicCASCASInt32_2", () -> {
            // the loser's failed compare-and-set still reads the winner's write, and acquires it
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                v.x1 = 1;
                if (!S32.compareAndSet(v, 0, 1)) {
                    v.x2 = 1;
                }
                done.send(true);
            });
            Go.go(() -> {
                v.x2 = 1;
                if (!S32.compareAndSet(v, 0, 1)) {
                    v.x1 = 1;
                }
                done.send(true);
            });
            done.recv();
            done.recv();
        });
        c.noRace("AtomicLoadInt64", () -> {
            Vars v = new Vars();
            AtomicLong s = new AtomicLong();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                s.getAndAdd(1);
                exited.send(true);
            });
            spinUntil(() -> s.get() == 1);
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicCASCASUInt64", () -> {
            Vars v = new Vars();
            AtomicLong s = new AtomicLong();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                if (!s.compareAndSet(0, 1)) {
                    throw new IllegalStateException("nobody else swaps s");
                }
                exited.send(true);
            });
            spinUntil(() -> s.compareAndSet(1, 0));
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicLoadStorePointer", () -> {
            Vars v = new Vars();
            AtomicReference<Object> s = new AtomicReference<>();
            Object target = new Object();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                s.set(target);
                exited.send(true);
            });
            spinUntil(() -> s.get() == target);
            v.x = 1;
            exited.recv();
        });
        c.noRace("AtomicStoreCASUint64", () -> {
            Vars v = new Vars();
            AtomicLong s = new AtomicLong();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                v.x = 2;
                s.set(1);
                exited.send(true);
            });
            spinUntil(() -> s.compareAndSet(1, 0));
            v.x = 1;
            exited.recv();
        });

        // --- an atomic access and a plain access of the same variable race ---
        c.race("AtomicStoreLoad", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                A.setVolatile(v, 1L);
                done.send(true);
            });
            long seen = v.a;
            done.recv();
        });
        c.race("AtomicLoadStore", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                long seen = (long) A.getVolatile(v);
                done.send(true);
            });
            v.a = 1;
            done.recv();
        });
        c.race("AtomicAddLoad", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                long before = (long) A.getAndAdd(v, 1L);
                done.send(true);
            });
            long seen = v.a;
            done.recv();
        });
        c.race("AtomicAddStore", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                long before = (long) A.getAndAdd(v, 1L);
                done.send(true);
            });
            v.a = 42;
            done.recv();
        });

        // --- an atomic operation on nothing fails cleanly and leaves the program running ---
        c.noRace("AtomicCrash", () -> {
            Vars v = new Vars();
            Mutex mu = new Mutex();
            Vars nothing = null;
            try {
                int before = (int) S32.getAndAdd(nothing, 1);
                throw new AssertionError("an atomic add through null did not throw");
            } catch (NullPointerException expected) {
                mu.lock();
                v.panics++;
                mu.unlock();
            }
        });
        c.noRace("DeferAtomicStore", () -> {
            WaitGroup wg = new WaitGroup();
            doFork(new Foo(), 5, wg);
            System.gc();
            wg.await();
        });
    }
}
