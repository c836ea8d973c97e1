package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.Race;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.race.Corpus;
import dev.weft.race.corpus.MopCases.Cell;
import dev.weft.race.corpus.MopCases.IntSlice;
import dev.weft.race.corpus.MopCases.Point;
import dev.weft.race.corpus.MopCases.Ref;
import dev.weft.race.corpus.MopCases.Vars;
import dev.weft.race.corpus.MopCases.Vars32;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

import static dev.weft.race.corpus.MopCases.use;

/**
 * Race corpus, part 2 of 2: a port of Go's {@code src/runtime/race/testdata/mop_test.go}, from
 * {@code TestRaceAnd} to the end of the file; {@link MopCases} has the first part and the
 * helpers, and says how Go's variables, pointers, structs and slices are mapped. The scenarios
 * are Go's; the code and comments are weft's own.
 *
 * <p>Every test of this part of mop_test.go is ported. Go-only constructs are mapped as their
 * cases say: Go's map literals keep their point because the race is on the variable read into
 * the literal, not on the map; {@code os.File} reads (Issue5567, Issue51618) become an
 * application-level file that fills the caller's buffer with {@code System.arraycopy}, because
 * the detector does not see the JDK's own I/O writing into an array; {@code defer} is
 * {@code finally}, {@code panic}/{@code recover} are throw/catch.
 */
public final class MopCases2 implements Corpus.Source {

    @Override
    public void cases(Corpus c) {
        shortCircuit(c);
        callsAndLiterals(c);
        methods(c);
        deferAndAddresses(c);
        multipleAssignment(c);
        slices(c);
        functionLiterals(c);
        structsAndBuffers(c);
        thunksAndAllocation(c);
    }

    // ---------------------------------------------------------------------------------------
    // && and ||: an operand that short-circuiting skips is never read

    private static void shortCircuit(Corpus c) {
        c.race("And", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.x == 1 && v.y == 1);
            ch.recv();
        });

        c.race("And2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.y == 0 && v.x == 1);
            ch.recv();
        });

        // y is 0, so x is never read.
        c.noRace("And", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.y == 1 && v.x == 1);
            ch.recv();
        });

        c.race("Or", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.x == 1 || v.y == 1);
            ch.recv();
        });

        c.race("Or2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.y == 1 || v.x == 1);
            ch.recv();
        });

        // y is 0, so x is never read.
        c.noRace("Or", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.y == 0 || v.x == 1);
            ch.recv();
        });

        // Here the goroutine writes y, which the short-circuit skips.
        c.noRace("ShortCalc", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.y = 1;
                ch.send(true);
            });
            use(v.x == 0 || v.y == 0);
            ch.recv();
        });

        c.noRace("ShortCalc2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.y = 1;
                ch.send(true);
            });
            use(v.x == 1 && v.y == 0);
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // Calls, locks taken inside callees, composite literals

    /** Takes the lock and returns v: the caller's assignment of the result comes after it. */
    @Suspendable
    static long lockAndGive(Mutex mu, long v) {
        mu.lock();
        return v;
    }

    /** Takes the lock; the argument was read by the caller before the call. */
    @Suspendable
    static void lockAfterReading(Mutex mu, long ignored) {
        mu.lock();
    }

    private static void callsAndLiterals(Corpus c) {
        // Calling a function variable reads it.
        c.race("FuncItself", () -> {
            Ref<Runnable> f = new Ref<>();
            f.v = () -> { };
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                f.v.run();
                ch.send(true);
            });
            f.v = () -> { };
            ch.recv();
        });

        // main assigns x the result of a call that locks the mutex, so the write comes after
        // the lock is taken: both writes are inside the critical section, in either order.
        c.noRace("FuncUnlock", () -> {
            Vars v = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                mu.lock();
                v.x = 42;
                mu.unlock();
                ch.send(true);
            });
            v.x = lockAndGive(mu, 43);
            mu.unlock();
            ch.recv();
        });

        // A struct literal reads the variable it is built from.
        c.race("StructInit", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.y = 42;
                ch.send(true);
            });
            Point x = new Point();
            x.set(v.y, 0);
            use(x);
            ch.recv();
        });

        // So does an array literal.
        c.race("ArrayInit", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.y = 42;
                ch.send(true);
            });
            long[] x = {0, v.y, 42};
            use(x);
            ch.recv();
        });

        // A map literal with y as a key: the race is on y (the map is main's alone).
        c.race("MapInit", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.y = 42;
                ch.send(true);
            });
            Map<Long, Long> x = new HashMap<>();
            x.put(0L, 42L);
            x.put(v.y, 42L);
            use(x);
            ch.recv();
        });

        // ... and with y as a value.
        c.race("MapInit2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.y = 42;
                ch.send(true);
            });
            Map<Long, Long> x = new HashMap<>();
            x.put(0L, 42L);
            x.put(42L, v.y);
            use(x);
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // Method calls and method values

    interface Inter {
        void foo(long x);
    }

    /** A struct with a value-receiver method. */
    static final class InterImpl implements Inter {
        long x, y;

        @Override
        public void foo(long x) {
        }

        void assign(InterImpl o) {
            x = o.x;
            y = o.y;
        }

        InterImpl copy() {
            InterImpl c = new InterImpl();
            c.assign(this);
            return c;
        }
    }

    /** A struct whose method has a pointer receiver: a method value binds only the address. */
    static final class InterImpl2 implements Inter {
        long x, y;

        @Override
        public void foo(long x) {
            use(this.x + this.y);
        }

        void assign(InterImpl2 o) {
            x = o.x;
            y = o.y;
        }
    }

    @FunctionalInterface
    interface Fn2 {
        void call(long a, long b);
    }

    private static void methods(Corpus c) {
        // Calling through an interface variable reads it.
        c.race("InterCall", () -> {
            Ref<Inter> x = new Ref<>();
            x.v = new InterImpl();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                x.v = new InterImpl();
                ch.send(true);
            });
            x.v.foo(0);
            ch.recv();
        });

        // An argument of an interface call.
        c.race("InterCall2", () -> {
            Inter x = new InterImpl();
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.z = 42;
                ch.send(true);
            });
            x.foo(v.z);
            ch.recv();
        });

        // An argument of a call of a function value.
        c.race("FuncCall", () -> {
            Fn2 f = (a, b) -> { };
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.y = 42;
                ch.send(true);
            });
            f.call(v.x, v.y);
            ch.recv();
        });

        // An argument of a method call.
        c.race("MethodCall", () -> {
            InterImpl i = new InterImpl();
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.x = 42;
                ch.send(true);
            });
            i.foo(v.x);
            ch.recv();
        });

        // The receiver variable of a method call (a pointer, reassigned by the goroutine).
        c.race("MethodCall2", () -> {
            Ref<InterImpl> i = new Ref<>();
            i.v = new InterImpl();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                i.v = new InterImpl();
                ch.send(true);
            });
            i.v.foo(0);
            ch.recv();
        });

        // A method value with a value receiver copies the receiver struct, reading it while
        // the goroutine assigns it.
        c.race("MethodValue", () -> {
            InterImpl i = new InterImpl();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                i.assign(new InterImpl());
                ch.send(true);
            });
            LongConsumer m = i.copy()::foo;
            use(m);
            ch.recv();
        });

        // A method value of an interface variable reads the variable.
        c.race("MethodValue2", () -> {
            Ref<Inter> i = new Ref<>();
            i.v = new InterImpl();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                i.v = new InterImpl();
                ch.send(true);
            });
            LongConsumer m = i.v::foo;
            use(m);
            ch.recv();
        });

        // A value-receiver method value through a pointer dereferences it: the copy reads the
        // struct that the goroutine overwrites through the same pointer.
        c.race("MethodValue3", () -> {
            Ref<InterImpl> i = new Ref<>();
            i.v = new InterImpl();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                i.v.assign(new InterImpl());
                ch.send(true);
            });
            LongConsumer m = i.v.copy()::foo;
            use(m);
            ch.recv();
        });

        // A pointer-receiver method value only takes the receiver's address: binding it reads
        // nothing that the goroutine writes.
        c.noRace("MethodValue", () -> {
            InterImpl2 i = new InterImpl2();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                i.assign(new InterImpl2());
                ch.send(true);
            });
            LongConsumer m = i::foo;
            use(m);
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // panic's argument, defer's arguments, address-of

    private static void deferAndAddresses(Corpus c) {
        // panic(err) reads err (here: throw reads it) while the goroutine reassigns it; the
        // recovering code then waits for the goroutine.
        c.race("PanicArg", () -> {
            Ref<RuntimeException> err = new Ref<>();
            err.v = new RuntimeException("err");
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                err.v = new RuntimeException("err2");
                ch.send(true);
            });
            try {
                throw err.v;
            } catch (RuntimeException recovered) {
                use(recovered);
            }
            ch.recv();
        });

        // A deferred call's arguments are evaluated where the defer is, not when it runs.
        c.race("DeferArg", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.x = 42;
                ch.send(true);
            });
            long arg = v.x;
            try {
                use(0);
            } finally {
                ((LongConsumer) a -> { }).accept(arg);
            }
            ch.recv();
        });

        // So is a deferred method call's receiver (Go's `defer x.Foo()` on an int type).
        c.race("DeferArg2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                long y = 0;
                v.x = y;
                ch.send(true);
            });
            long receiver = v.x;
            try {
                use(1);
            } finally {
                deferTFoo(receiver);
            }
            ch.recv();
        });

        // Taking x's address (here: the reference to the object holding x) reads nothing.
        c.noRace("AddrExpr", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.x = 42;
                ch.send(true);
            });
            Vars addr = v;
            use(addr);
            ch.recv();
        });

        // But &a.p.x loads the pointer a.p, which the goroutine reassigns.
        c.race("AddrExpr", () -> {
            AddrT2 a = new AddrT2();
            a.p = new AddrT(42);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                a.p = new AddrT(43);
                ch.send(true);
            });
            AddrT target = a.p;
            use(target);
            ch.recv();
        });

        // A type assertion (a cast) reads the interface variable.
        c.race("TypeAssert", () -> {
            Ref<Object> i = new Ref<>();
            i.v = 0L;
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                long y = 0;
                i.v = y;
                ch.send(true);
            });
            long r = (Long) i.v;
            use(r);
            ch.recv();
        });
    }

    /** Go's {@code func (d DeferT) Foo()} on {@code type DeferT int}. */
    static void deferTFoo(long receiver) {
    }

    static final class AddrT {
        final byte[] pad = new byte[256];
        long x;

        AddrT(long x) {
            this.x = x;
        }
    }

    static final class AddrT2 {
        final byte[] pad = new byte[512];
        AddrT p;
    }

    // ---------------------------------------------------------------------------------------
    // Multiple assignment: x, y = y, x and x, y = f()

    /** Go's multiple results. */
    record Two<A, B>(A a, B b) {
    }

    static Two<Long, Long> fortyTwoFortyThree() {
        return new Two<>(42L, 43L);
    }

    static Two<Cell, Long> pointerThenInt() {
        Cell i = new Cell();
        i.v = 42;
        return new Two<>(i, 43L);
    }

    static Two<Long, Cell> intThenPointer() {
        Cell i = new Cell();
        i.v = 43;
        return new Two<>(42L, i);
    }

    private static void multipleAssignment(Corpus c) {
        // A swap reads and writes x.
        c.race("BlockAs", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.x = 42;
                ch.send(true);
            });
            long nx = v.y;
            long ny = v.x;
            v.x = nx;
            v.y = ny;
            ch.recv();
        });

        // The goroutine assigns both results of a call; main reads one of the variables
        // before the receive (and checks both after it, ordered).
        c.race("BlockCall1", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Two<Long, Long> r = fortyTwoFortyThree();
                v.x = r.a();
                v.y = r.b();
                done.send(true);
            });
            use(v.x);
            done.recv();
            if (v.x != 42 || v.y != 43) {
                throw new AssertionError("corrupted data");
            }
        });

        c.race("BlockCall2", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Two<Long, Long> r = fortyTwoFortyThree();
                v.x = r.a();
                v.y = r.b();
                done.send(true);
            });
            use(v.y);
            done.recv();
            if (v.x != 42 || v.y != 43) {
                throw new AssertionError("corrupted data");
            }
        });

        // x is a pointer, y an int; main reads x.
        c.race("BlockCall3", () -> {
            Ref<Cell> x = new Ref<>();
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Two<Cell, Long> r = pointerThenInt();
                x.v = r.a();
                v.y = r.b();
                done.send(true);
            });
            use(x.v);
            done.recv();
            if (x.v.v != 42 || v.y != 43) {
                throw new AssertionError("corrupted data");
            }
        });

        // x is an int, y a pointer; main reads y.
        c.race("BlockCall4", () -> {
            Vars v = new Vars();
            Ref<Cell> y = new Ref<>();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Two<Long, Cell> r = intThenPointer();
                v.x = r.a();
                y.v = r.b();
                done.send(true);
            });
            use(y.v);
            done.recv();
            if (v.x != 42 || y.v.v != 43) {
                throw new AssertionError("corrupted data");
            }
        });

        // x is a pointer, y an int; main reads y.
        c.race("BlockCall5", () -> {
            Ref<Cell> x = new Ref<>();
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Two<Cell, Long> r = pointerThenInt();
                x.v = r.a();
                v.y = r.b();
                done.send(true);
            });
            use(v.y);
            done.recv();
            if (x.v.v != 42 || v.y != 43) {
                throw new AssertionError("corrupted data");
            }
        });

        // x is an int, y a pointer; main reads x.
        c.race("BlockCall6", () -> {
            Vars v = new Vars();
            Ref<Cell> y = new Ref<>();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                Two<Long, Cell> r = intThenPointer();
                v.x = r.a();
                y.v = r.b();
                done.send(true);
            });
            use(v.x);
            done.recv();
            if (v.x != 42 || y.v.v != 43) {
                throw new AssertionError("corrupted data");
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // Slicing and copying slices

    /** Go's {@code copy(dst, src)}: one range read and one range write. */
    static int copy(IntSlice dst, IntSlice src) {
        int n = Math.min(dst.len, src.len);
        System.arraycopy(src.arr, src.off, dst.arr, dst.off, n);
        return n;
    }

    private static void slices(Corpus c) {
        // Slicing reads the slice variable, which the goroutine reassigns.
        c.race("SliceSlice", () -> {
            Ref<IntSlice> x = new Ref<>();
            x.v = IntSlice.make(10);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                x.v = IntSlice.make(20);
                ch.send(true);
            });
            use(x.v.slice(2, 3));
            ch.recv();
        });

        // Slicing reads its index expressions.
        c.race("SliceSlice2", () -> {
            IntSlice x = IntSlice.make(10);
            Vars32 i = new Vars32();
            i.x = 2;
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                i.x = 3;
                ch.send(true);
            });
            use(x.slice(i.x, 4));
            ch.recv();
        });

        // Slicing a string reads the string variable.
        c.race("SliceString", () -> {
            Ref<String> x = new Ref<>();
            x.v = "hello";
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                x.v = "world";
                ch.send(true);
            });
            use(x.v.substring(2, 3));
            ch.recv();
        });

        // copy() of a []struct{x, y int} reads every element while main writes x[1].y. The
        // structs are laid out flat, as Go lays them out: element k's y is slot 2k+1.
        c.race("SliceStruct", () -> {
            IntSlice x = IntSlice.make(20);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                IntSlice y = IntSlice.make(20);
                copy(y, x);
                ch.send(true);
            });
            x.set(3, 42);
            ch.recv();
        });

        // The same with append(y, x...) into room that y already has.
        c.race("AppendSliceStruct", () -> {
            IntSlice x = IntSlice.make(20);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                IntSlice y = IntSlice.make(0, 20);
                y = y.appendAll(x);
                use(y);
                ch.send(true);
            });
            x.set(3, 42);
            ch.recv();
        });

        // A goroutine assigns a whole struct through a pointer; main writes one field.
        c.race("StructInd", () -> {
            Chan<Boolean> ch = Chan.make(1);
            Point i = new Point();
            Point p = i;
            Go.go(() -> {
                p.assign(new Point());
                ch.send(true);
            });
            i.y = 42;
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // Function literals called in place, and variables they share

    static byte[] helloWorld() {
        return "hello world".getBytes(StandardCharsets.UTF_8);
    }

    /** Go's named result shared with a goroutine: the return statement reads it. */
    static long resultSharedWithGoroutine(Chan<Boolean> done) {
        Cell result = new Cell();
        Go.go(() -> {
            result.v = 42;
            done.send(true);
        });
        return result.v;
    }

    private static void functionLiterals(Corpus c) {
        // The goroutine assigns s the result of a function literal; main converts s to a
        // string (Go's string(nil) is "").
        c.race("AsFunc1", () -> {
            Ref<byte[]> s = new Ref<>();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                s.v = helloWorld();
                ch.send(true);
            });
            byte[] cur = s.v;
            use(cur == null ? "" : new String(cur, StandardCharsets.UTF_8));
            ch.recv();
        });

        // The argument of a function literal called in place reads x.
        c.race("AsFunc2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                ((LongConsumer) x -> { }).accept(v.x);
                ch.send(true);
            });
            v.x = 42;
            ch.recv();
        });

        // The goroutine reads x as the argument of a call that then takes the lock: the read
        // is outside the critical section. It waits (by polling len(), which orders nothing)
        // until main has written x under the lock, so the read is never ordered after the
        // write; Go's test gets that order from its scheduler.
        c.race("AsFunc3", () -> {
            Vars v = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(1);
            Chan<Boolean> written = Chan.make(1);
            Go.go(() -> {
                for (int spins = 0; written.len() == 0 && spins < 10_000_000; spins++) {
                    Go.yield();
                }
                lockAfterReading(mu, v.x);
                mu.unlock();
                ch.send(true);
            });
            mu.lock();
            v.x = 42;
            mu.unlock();
            written.send(true);
            ch.recv();
        });

        // Here the goroutine writes x with the result of a call that takes the lock: the write
        // is inside the critical section.
        c.noRace("AsFunc4", () -> {
            Vars v = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                v.x = lockAndGive(mu, 42);
                mu.unlock();
                ch.send(true);
            });
            mu.lock();
            v.x = 42;
            mu.unlock();
            ch.recv();
        });

        // A function starts a goroutine that writes its named result, then returns it.
        c.race("HeapParam", () -> {
            Chan<Boolean> done = Chan.make();
            long x = resultSharedWithGoroutine(done);
            use(x);
            done.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // Struct copies, and buffers reused while a consumer still reads them

    /** Go's zero-size struct type. */
    static final class Empty {
    }

    /** {@code struct { y int64; Empty }}: in Go the empty field sits at the struct's end. */
    static final class WithEmpty {
        long y;
        Empty e;

        WithEmpty copy() {
            WithEmpty c = new WithEmpty();
            c.y = y;
            c.e = e;
            return c;
        }
    }

    /** {@code struct { x WithEmpty; y int64 }}: y follows where the empty field ends. */
    static final class AfterEmpty {
        final WithEmpty x = new WithEmpty();
        long y;
    }

    /** {@code struct { x Point }}. */
    static final class Nest {
        final Point x = new Point();

        Nest copy() {
            Nest c = new Nest();
            c.x.assign(x);
            return c;
        }
    }

    /** One chunk handed to the consumer: a view of the producer's buffer. */
    record ByteChunk(byte[] buf, int n) {
    }

    record CharChunk(char[] buf, int n) {
    }

    /** What the "file" holds. */
    static final byte[] CONTENT;

    static {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append("line ").append(i).append(" of a file read 17 bytes at a time\n");
        }
        CONTENT = sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A file in application code: Go's os.File.Read and ReadAt write the caller's buffer, and
     * the race runtime counts that as a write; the JDK's own reads into an array are not seen,
     * so this one fills the buffer with System.arraycopy, a range write.
     */
    static final class AppFile {
        final byte[] data;
        int pos;

        AppFile(byte[] data) {
            this.data = data;
        }

        /** Reads at the file position; -1 at the end. */
        int read(byte[] b) {
            int n = readAt(b, pos);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        /** Reads at {@code off}, leaving the position alone (pread); -1 at the end. */
        int readAt(byte[] b, int off) {
            if (off >= data.length) {
                return -1;
            }
            int n = Math.min(b.length, data.length - off);
            System.arraycopy(data, off, b, 0, n);
            return n;
        }
    }

    /** A checksum computed in application code, so that its reads of the buffer are seen. */
    static long checksum(long h, byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            h = h * 31 + b[i];
        }
        return h;
    }

    /**
     * Go's testRaceRead: a goroutine reads a file into one 17-byte buffer and hands each chunk
     * to main, which checksums it. On an unbuffered channel the receive completes before the
     * send does, but main's checksum of chunk k and the goroutine's read of chunk k+1 into
     * the same buffer are not ordered.
     */
    @Suspendable
    static void readIntoReusedBuffer(boolean pread) {
        Chan<ByteChunk> in = Chan.make();
        Chan<Boolean> res = Chan.make();
        Go.go(() -> {
            AppFile f = new AppFile(CONTENT);
            byte[] b = new byte[17];
            int total = 0;
            while (true) {
                int n = pread ? f.readAt(b, total) : f.read(b);
                if (n < 0) {
                    break;
                }
                total += n;
                if (n > 0) {
                    in.send(new ByteChunk(b, n));
                }
            }
            in.close();
            res.send(true);
        });
        long h = 0;
        ByteChunk chunk;
        while ((chunk = in.recv()) != null) {
            h = checksum(h, chunk.buf(), chunk.n());
        }
        use(h);
        res.recv();
    }

    static final String SPEECH = "Friends, Romans, countrymen, lend me your ears;\n"
            + "I come to bury Caesar, not to praise him.\n"
            + "The evil that men do lives after them;\n"
            + "The good is oft interred with their bones;\n"
            + "So let it be with Caesar.\n";

    private static void structsAndBuffers(Corpus c) {
        // Copying the inner struct reads its fields (and, in Go, the zero-size one at its end,
        // whose address is that of y); main writes the outer y only.
        c.noRace("EmptyStruct", () -> {
            Chan<WithEmpty> ch = Chan.make();
            AfterEmpty y = new AfterEmpty();
            Go.go(() -> {
                WithEmpty x = y.x.copy();
                ch.send(x);
            });
            y.y = 42;
            ch.recv();
        });

        // Sending a struct by value copies it, reading the nested field main writes.
        c.race("NestedStruct", () -> {
            Chan<Nest> ch = Chan.make();
            Nest y = new Nest();
            Go.go(() -> ch.send(y.copy()));
            y.x.y = 42;
            ch.recv();
        });

        c.race("Issue5567", () -> readIntoReusedBuffer(false));

        c.race("Issue51618", () -> readIntoReusedBuffer(true));

        // A goroutine reads a text 16 chars at a time into one buffer (Go's bytes.Buffer.Read;
        // here String.getChars, a range write) and sends each chunk; main turns each into a
        // string (a range read) while the goroutine may already be filling the next one.
        c.race("Issue5654", () -> {
            Chan<CharChunk> in = Chan.make();
            Go.go(() -> {
                char[] buf = new char[16];
                int pos = 0;
                while (pos < SPEECH.length()) {
                    int n = Math.min(buf.length, SPEECH.length() - pos);
                    SPEECH.getChars(pos, pos + n, buf, 0);
                    pos += n;
                    in.send(new CharChunk(buf, n));
                }
                in.close();
            });
            StringBuilder res = new StringBuilder();
            CharChunk chunk;
            while ((chunk = in.recv()) != null) {
                res.append(new String(chunk.buf(), 0, chunk.n()));
            }
            use(res);
        });
    }

    // ---------------------------------------------------------------------------------------
    // Methods promoted from embedded fields; tiny allocations; RaceDisable not leaking

    /** Go's {@code struct { pad int; Base }}, Base an int embedded by value (inline). */
    static final class Derived {
        long pad;
        long base;

        /** (*Base).Foo promoted: needs only the embedded field's address, reads nothing. */
        long foo() {
            return 42;
        }

        /** Base.Bar promoted: copies the embedded Base. */
        long bar() {
            return base;
        }

        /** {@code d = Derived{}}. */
        void clear() {
            pad = 0;
            base = 0;
        }
    }

    static final class BaseCell {
        long v;
    }

    /** Go's {@code struct { pad int; *Base }}: the embedded field is a pointer. */
    static final class DerivedPtr {
        long pad;
        BaseCell base;

        /** (*Base).Foo promoted: loads the embedded pointer (nil is fine), nothing more. */
        long foo() {
            use(base);
            return 42;
        }

        /** Base.Bar promoted: loads the pointer and copies what it points to. */
        long bar() {
            return base.v;
        }

        void clear() {
            pad = 0;
            base = null;
        }
    }

    private static void thunksAndAllocation(Corpus c) {
        c.noRace("MethodThunk", () -> {
            Derived d = new Derived();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                use(d.foo());
                done.send(true);
            });
            d.clear();
            done.recv();
        });

        // Through an embedded pointer, the promoted call loads the pointer main overwrites.
        c.race("MethodThunk", () -> {
            DerivedPtr d = new DerivedPtr();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                use(d.foo());
                done.send(true);
            });
            d.clear();
            done.recv();
        });

        // A value-receiver method copies the embedded Base, which main overwrites.
        c.race("MethodThunk2", () -> {
            Derived d = new Derived();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                use(d.bar());
                done.send(true);
            });
            d.clear();
            done.recv();
        });

        // Through an embedded pointer that main repoints.
        c.race("MethodThunk3", () -> {
            DerivedPtr d = new DerivedPtr();
            d.base = new BaseCell();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                use(d.bar());
                done.send(true);
            });
            d.base = new BaseCell();
            done.recv();
        });

        // Through an embedded pointer whose target main writes.
        c.race("MethodThunk4", () -> {
            DerivedPtr d = new DerivedPtr();
            d.base = new BaseCell();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                use(d.bar());
                done.send(true);
            });
            d.base.v = 42;
            done.recv();
        });

        // Goroutines that each allocate and write many tiny objects of their own: objects
        // placed side by side must not share access history. (Go runs 10^6 per goroutine;
        // fewer here.) The sink is never written: the test before it is always false.
        c.noRace("TinyAlloc", () -> {
            int procs = 4;
            int n = 20_000;
            Ref<byte[]> sink = new Ref<>();
            Chan<Boolean> done = Chan.make();
            for (int p = 0; p < procs; p++) {
                Go.go(() -> {
                    for (int i = 0; i < n; i++) {
                        byte[] b = new byte[1];
                        if (b[0] != 0) {
                            sink.v = b;
                        }
                        b[0] = 42;
                    }
                    done.send(true);
                });
            }
            for (int p = 0; p < procs; p++) {
                done.recv();
            }
        });

        // Goroutines that end with the detector disabled (Race.disable, Go's
        // runtime.RaceDisable) must not pass that state on to goroutines started later: the
        // channel edge from x's write to its read has to be seen.
        c.noRace("Issue60934", () -> {
            WaitGroup wg = new WaitGroup();
            Chan<Boolean> ready = Chan.make();
            wg.add(32);
            for (int i = 0; i < 32; i++) {
                Go.go(() -> {
                    ready.recv();
                    Race.disable();
                    wg.done();
                });
            }
            ready.close();
            wg.await();

            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            wg.add(2);
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
                wg.done();
            });
            Go.go(() -> {
                ch.recv();
                use(v.x);
                wg.done();
            });
            wg.await();
        });
    }
}
