package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.Time;
import dev.weft.WaitGroup;
import dev.weft.race.Corpus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Race corpus, part 1 of 2: a port of Go's {@code src/runtime/race/testdata/mop_test.go} ("memory
 * operations": plain reads and writes of every kind of variable and expression), from
 * {@code TestRaceIntRWGlobalFuncs} to {@code TestNoRaceHeapReallocation}; {@link MopCases2} has
 * the rest. The scenarios are Go's; the code and comments are weft's own.
 *
 * <p>How Go's variables become Java ones here: a variable that a Go closure shares is a field of
 * a fresh holder object made by the case ({@link Vars}, {@link Ref}, {@link Cell}...), or an
 * array element, so the detector sees every access to it; a Go global is a static field. A
 * pointer {@code &x} is the reference to the holder or cell that stores {@code x}. A struct value
 * is an object whose fields are the struct's fields: assigning a whole struct writes every field
 * in place, copying one reads every field. A slice is an {@link IntSlice}: an immutable header
 * (its fields are final, like the value of a Go slice header) over a shared array.
 *
 * <p>Not ported from this part of mop_test.go:
 * <ul>
 *   <li>{@code TestRaceCaseIssue6418}: the race is between a write and a read of one inner Go map;
 *       a {@code java.util} map is JDK code, which the detector does not instrument.
 *   <li>{@code TestRaceCaseTypeIssue5890}: likewise, the racing variable is a Go map element.
 * </ul>
 */
public final class MopCases implements Corpus.Source {

    @Override
    public void cases(Corpus c) {
        globalsAndClosures(c);
        switches(c);
        loops(c);
        arithmetic(c);
        callsAndCopies(c);
        kindsOfVariables(c);
        panicsAndSlices(c);
        pointersAndHeap(c);
    }

    // ---------------------------------------------------------------------------------------
    // Globals and closures

    static long globalX, globalY;
    static final Chan<Integer> GLOBAL_CH = Chan.make(2);

    @Suspendable
    static void readGlobalX() {
        globalY = globalX;
        GLOBAL_CH.send(1);
    }

    @Suspendable
    static void writeGlobalX() {
        globalX = 1;
        GLOBAL_CH.send(1);
    }

    private static void globalsAndClosures(Corpus c) {
        // Two goroutines started on named functions; one reads a global the other writes.
        c.race("IntRWGlobalFuncs", () -> {
            Go.go(() -> readGlobalX());
            Go.go(() -> writeGlobalX());
            GLOBAL_CH.recv();
            GLOBAL_CH.recv();
        });

        // The same with captured variables (Go's int: a long).
        c.race("IntRWClosures", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.y = v.x;
                ch.send(1);
            });
            Go.go(() -> {
                v.x = 1;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // The reader has finished and been received from before the writer is started.
        c.noRace("IntRWClosures", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(1);
            Go.go(() -> {
                v.y = v.x;
                ch.send(1);
            });
            ch.recv();
            Go.go(() -> {
                v.x = 1;
                ch.send(1);
            });
            ch.recv();
        });

        // As IntRWClosures, on 32-bit variables.
        c.race("Int32RWClosures", () -> {
            Vars32 v = new Vars32();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                v.y = v.x;
                ch.send(true);
            });
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // switch: conditions, bodies, fallthrough, type switches

    private static void switches(Corpus c) {
        // One goroutine only: a switch in a loop, then an increment.
        c.noRace("Case", () -> {
            Vars v = new Vars();
            for (int x = -1; x <= 1; x++) {
                switch (Integer.signum(x)) {
                    case -1 -> v.y = -1;
                    case 0 -> v.y = 0;
                    default -> v.y = 1;
                }
            }
            v.y++;
        });

        // The switch's selector reads x while the other goroutine writes it (one arm).
        c.race("CaseCondition", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = 2;
                ch.send(1);
            });
            Go.go(() -> {
                switch (v.x < 2 ? 1 : 0) {
                    case 1 -> v.x = 1;
                    default -> { }
                }
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // The same with both arms present.
        c.race("CaseCondition2", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = 2;
                ch.send(1);
            });
            Go.go(() -> {
                switch (v.x < 2 ? 1 : 0) {
                    case 1 -> v.x = 1;
                    default -> v.x = 5;
                }
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // The write is in the default arm, reached after a case that reads x.
        c.race("CaseBody", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.y = v.x;
                ch.send(1);
            });
            Go.go(() -> {
                switch ((int) v.x) {
                    case 100 -> v.x = -v.x;
                    default -> v.x = 1;
                }
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // The arm that writes x is never taken: z selects the empty arm, which breaks.
        c.noRace("CaseFallthrough", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            v.z = 1;
            Go.go(() -> {
                v.y = v.x;
                ch.send(1);
            });
            Go.go(() -> {
                switch ((int) v.z) {
                    case 1:
                        break;
                    case 2:
                        v.x = 2;
                        break;
                    default:
                        break;
                }
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // Here the empty arm falls through into the one that writes x.
        c.race("CaseFallthrough", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            v.z = 1;
            Go.go(() -> {
                v.y = v.x;
                ch.send(1);
            });
            Go.go(() -> {
                switch ((int) v.z) {
                    case 1:
                        // falls through
                    case 2:
                        v.x = 2;
                        break;
                    default:
                        break;
                }
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // A type test reads an interface variable that the main goroutine reassigns.
        c.race("CaseType", () -> {
            Vars v = new Vars();
            Ref<Object> i = new Ref<>();
            i.v = v.x;
            Chan<Integer> ch = Chan.make(1);
            Go.go(() -> {
                Object cur = i.v;
                if (cur == null) {
                    use(0);
                } else if (cur instanceof Long) {
                    use(1);
                }
                ch.send(1);
            });
            i.v = v.y;
            ch.recv();
        });

        // The type test binds a pointer to x and writes through it; main writes x directly.
        c.race("CaseTypeBody", () -> {
            Cell x = new Cell();
            Vars v = new Vars();
            Ref<Object> i = new Ref<>();
            i.v = x;
            Chan<Integer> ch = Chan.make(1);
            Go.go(() -> {
                if (i.v instanceof Cell p) {
                    p.v = v.y;
                }
                ch.send(1);
            });
            x.v = v.y;
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // for and range

    private static void loops(Corpus c) {
        // One goroutine ranges over an array, sending each element into a buffer big enough.
        c.noRace("Range", () -> {
            Chan<Integer> ch = Chan.make(3);
            int[] a = {1, 2, 3};
            for (int e : a) {
                ch.send(e);
            }
            ch.close();
        });

        // Go's `for i, a[i] = range b`: the element store indexes a with i's value from
        // before the iteration assigns i. One goroutine only.
        c.noRace("RangeIssue5446", () -> {
            Chan<Integer> ch = Chan.make(3);
            int[] a = {1, 2, 3};
            int[] b = {4};
            Vars32 i = new Vars32();
            i.x = 1;
            for (int k = 0; k < b.length; k++) {
                a[i.x] = b[k];
                i.x = k;
                ch.send(i.x);
            }
            ch.close();
        });

        // The loop variables are shared: each goroutine reads v, which the next iteration of
        // the main goroutine overwrites (yielding lets the goroutine run first, ordering nothing).
        c.race("Range", () -> {
            int[] a = new int[2];
            Loop l = new Loop();
            Vars out = new Vars();
            Chan<Boolean> done = Chan.make(2);
            for (l.i = 0; l.i < a.length; l.i++) {
                l.v = a[l.i];
                int me = l.i;
                Go.go(() -> {
                    if (me == 0) {
                        out.x = l.v;
                    } else {
                        out.y = l.v;
                    }
                    done.send(true);
                });
                Go.yield();
            }
            done.recv();
            done.recv();
        });

        // The init statement of a loop that never iterates writes x, which a goroutine sends.
        c.race("ForInit", () -> {
            Vars v = new Vars();
            Chan<Long> ch = Chan.make();
            Go.go(() -> ch.send(v.x));
            int never = 0;
            for (v.x = 42; never > 0; ) {
                never--;
            }
            ch.recv();
        });

        // The init statement writes x before the first send; the goroutine touches x only
        // after receiving it.
        c.noRace("ForInit", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                while (ch.recv() != null) {
                    v.x++;
                }
                done.send(true);
            });
            int i = 0;
            for (v.x = 42; i < 10; i++) {
                ch.send(true);
            }
            ch.close();
            done.recv();
        });

        // The loop condition reads stop after each send has completed; the goroutine writes
        // stop after each receive. Those two points are not ordered on an unbuffered channel.
        // The loop ends by the second send at the latest: the receive that completes it comes
        // after the write.
        c.race("ForTest", () -> {
            Flags f = new Flags();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                while (ch.recv() != null) {
                    f.stop = true;
                }
                done.send(true);
            });
            for (int n = 0; !f.stop && n < 1000; n++) {
                ch.send(true);
            }
            ch.close();
            done.recv();
        });

        // The post statement increments x after each send; the goroutine after each receive.
        c.race("ForIncr", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                while (ch.recv() != null) {
                    v.x++;
                }
                done.send(true);
            });
            for (int i = 0; i < 10; v.x++) {
                i++;
                ch.send(true);
            }
            ch.close();
            done.recv();
        });

        // The post statement of a loop that never iterates never runs.
        c.noRace("ForIncr", () -> {
            Vars v = new Vars();
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                v.x++;
                done.send(true);
            });
            for (int i = 0; i < 0; v.x++) {
                i++;
            }
            done.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // Arithmetic: every operand is a read

    private static void arithmetic(Corpus c) {
        // Both goroutines write y.
        c.race("Plus", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.y = v.x + v.z;
                ch.send(1);
            });
            Go.go(() -> {
                v.y = v.x + v.z + v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // A unary plus still reads its operand.
        c.race("Plus2", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = 1;
                ch.send(1);
            });
            Go.go(() -> {
                v.y = +v.x + v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // Both read x and z, and each writes a variable of its own.
        c.noRace("Plus", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.y = v.x + v.z;
                ch.send(1);
            });
            Go.go(() -> {
                v.f = v.z + v.x;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // Bitwise complement (Go's ^y, Java's ~y) reads y, which the other writes.
        c.race("Complement", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = ~v.y;
                ch.send(1);
            });
            Go.go(() -> {
                v.y = ~v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        c.race("Div", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = v.y / (v.z + 1);
                ch.send(1);
            });
            Go.go(() -> {
                v.y = v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // Unsigned 32-bit division by a constant (Go's uint32).
        c.race("DivConst", () -> {
            Vars32 v = new Vars32();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = Integer.divideUnsigned(v.y, 3);
                ch.send(1);
            });
            Go.go(() -> {
                v.y = v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        c.race("Mod", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = v.y % (v.z + 1);
                ch.send(1);
            });
            Go.go(() -> {
                v.y = v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        c.race("ModConst", () -> {
            Vars v = new Vars();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = v.y % 3;
                ch.send(1);
            });
            Go.go(() -> {
                v.y = v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // A rotate written as two shifts and an or, on 32 bits.
        c.race("Rotate", () -> {
            Vars32 v = new Vars32();
            Chan<Integer> ch = Chan.make(2);
            Go.go(() -> {
                v.x = v.y << 12 | v.y >>> 20;
                ch.send(1);
            });
            Go.go(() -> {
                v.y = v.z;
                ch.send(1);
            });
            ch.recv();
            ch.recv();
        });

        // One goroutine, one long nested expression over fields (Go's check that the
        // instrumentation does not run out of registers).
        c.noRace("EnoughRegisters", () -> {
            Doubles d = new Doubles();
            d.s = 3.1415;
            d.t = 1 + d.s * (1 + d.s * (2 + d.s * (3 + d.s * (4 + d.s * (5 + d.s * (6 + d.s * (7 + d.s * 8)))))));
            d.s = d.t;
        });
    }

    // ---------------------------------------------------------------------------------------
    // Calls and whole-value copies

    /** A callee that ignores its argument; evaluating the argument is the read. */
    static void emptyFunc(long x) {
        if (x == Long.MIN_VALUE + 7) {
            use(x);
        }
    }

    private static void callsAndCopies(Corpus c) {
        // The argument of a call in the goroutine reads x.
        c.race("FuncArgument", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                emptyFunc(v.x);
                ch.send(true);
            });
            v.x = 1;
            ch.recv();
        });

        // The argument of a `go` statement is evaluated by the goroutine that runs it: here
        // the main goroutine reads x while the first goroutine writes it.
        c.race("FuncArgument2", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                v.x = 42;
                ch.send(true);
            });
            long arg = v.x;
            Go.go(() -> {
                use(arg);
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // Formatting x (fmt.Sprint; here String.valueOf) reads it.
        c.race("Sprint", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                use(String.valueOf(v.x));
                ch.send(true);
            });
            v.x = 1;
            ch.recv();
        });

        // Assigning a whole array (Go's `a = [5]int{...}`; here one arraycopy over it) writes
        // the element the goroutine writes.
        c.race("ArrayCopy", () -> {
            Chan<Boolean> ch = Chan.make(1);
            int[] a = new int[5];
            Go.go(() -> {
                a[3] = 1;
                ch.send(true);
            });
            System.arraycopy(new int[] {1, 2, 3, 4, 5}, 0, a, 0, 5);
            ch.recv();
        });

        // A deeply nested array of points copied whole while one deep point's y is written.
        // Go's value is 2^20 points in 20 levels; here four levels of arrays over rows of four
        // points stored as (x, y) pairs, copied row by row.
        c.race("NestedArrayCopy", () -> {
            Chan<Boolean> ch = Chan.make(1);
            int[][][][][] a = new int[4][4][4][4][8];
            int[][][][][] b = new int[4][4][4][4][8];
            Go.go(() -> {
                a[0][1][2][3][5] = 1;   // point 2 of that row, its y
                ch.send(true);
            });
            copyNested(b, a);
            ch.recv();
        });

        // A struct read whole by main while the goroutine assigns it whole.
        c.race("StructRW", () -> {
            Point p = new Point();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.set(1, 1);
                ch.send(true);
            });
            Point q = p.copy();
            ch.recv();
            p.assign(q);
        });

        c.race("StructFieldRW1", () -> {
            Point p = new Point();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.x = 1;
                ch.send(true);
            });
            use(p.x);
            ch.recv();
        });

        // Different fields of one struct; the whole struct is read only after the receive.
        c.noRace("StructFieldRW1", () -> {
            Point p = new Point();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.x = 1;
                ch.send(true);
            });
            p.y = 1;
            ch.recv();
            use(p.copy());
        });

        // The same, the struct reached through a pointer variable that both read.
        c.noRace("StructFieldRW2", () -> {
            Ref<Point> p = new Ref<>();
            p.v = new Point();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.v.x = 1;
                ch.send(true);
            });
            p.v.y = 1;
            ch.recv();
            use(p.v.copy());
        });

        // One field through a pointer variable: written by one, read by the other.
        c.race("StructFieldRW2", () -> {
            Ref<Point> p = new Ref<>();
            p.v = new Point();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.v.x = 1;
                ch.send(true);
            });
            use(p.v.x);
            ch.recv();
        });

        // A field of a struct nested in a struct.
        c.race("StructFieldRW3", () -> {
            NamedPoint p = new NamedPoint();
            p.name = "a";
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.p.x = 1;
                ch.send(true);
            });
            use(p.p.x);
            ch.recv();
        });
    }

    /** Copies {@code src} into {@code dst} element by element (Go's value assignment). */
    static void copyNested(int[][][][][] src, int[][][][][] dst) {
        for (int i = 0; i < src.length; i++) {
            for (int j = 0; j < src[i].length; j++) {
                for (int k = 0; k < src[i][j].length; k++) {
                    for (int l = 0; l < src[i][j][k].length; l++) {
                        System.arraycopy(src[i][j][k][l], 0, dst[i][j][k][l], 0, src[i][j][k][l].length);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Interfaces, errors, pointers, strings, floats, functions

    private static void kindsOfVariables(Corpus c) {
        // Two writes of an empty-interface variable (Object).
        c.race("EfaceWW", () -> {
            Ref<Object> a = new Ref<>();
            Ref<Object> b = new Ref<>();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                a.v = 1;
                ch.send(true);
            });
            a.v = 2;
            ch.recv();
            use(a.v);
            use(b.v);
        });

        // Two writes of an interface variable.
        c.race("IfaceWW", () -> {
            Ref<Writer> a = new Ref<>();
            Ref<Writer> b = new Ref<>();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                a.v = new DummyWriter(1);
                ch.send(true);
            });
            a.v = new DummyWriter(2);
            ch.recv();
            b.v = a.v;
            a.v = b.v;
        });

        // Comparing two interface variables reads both.
        c.race("IfaceCmp", () -> {
            Ref<Writer> a = new Ref<>();
            Ref<Writer> b = new Ref<>();
            a.v = new DummyWriter(1);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                a.v = new DummyWriter(1);
                ch.send(true);
            });
            use(a.v == b.v);
            ch.recv();
        });

        // Comparing an interface variable with nil reads it.
        c.race("IfaceCmpNil", () -> {
            Ref<Writer> a = new Ref<>();
            a.v = new DummyWriter(1);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                a.v = new DummyWriter(1);
                ch.send(true);
            });
            use(a.v == null);
            ch.recv();
        });

        // Converting v to an interface, as the argument of a nested `go`, reads v.
        c.race("EfaceConv", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make();
            Chan<Boolean> inner = Chan.make(1);
            Go.go(() -> {
                Object boxed = v.x;
                Go.go(() -> {
                    use(boxed);
                    inner.send(true);
                });
                ch.send(true);
            });
            v.x = 42;
            ch.recv();
            inner.recv();
        });

        // The same with a pointer converted to a non-empty interface.
        c.race("IfaceConv", () -> {
            Ref<OsFile> f = new Ref<>();
            f.v = new OsFile();
            Chan<Boolean> ch = Chan.make();
            Chan<Boolean> inner = Chan.make(1);
            Go.go(() -> {
                IoReader r = f.v;
                Go.go(() -> {
                    use(r);
                    inner.send(true);
                });
                ch.send(true);
            });
            f.v = new OsFile();
            ch.recv();
            inner.recv();
        });

        // An error variable.
        c.race("Error", () -> {
            Ref<Exception> err = new Ref<>();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                err.v = null;
                ch.send(true);
            });
            use(err.v);
            ch.recv();
        });

        // Both goroutines go through the same pointer to x.
        c.race("IntptrRW", () -> {
            Cell x = new Cell();
            Vars v = new Vars();
            Cell p = x;
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                p.v = 5;
                ch.send(true);
            });
            v.y = p.v;
            x.v = v.y;
            ch.recv();
        });

        c.race("StringRW", () -> {
            Ref<String> s = new Ref<>();
            s.v = "";
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                s.v = "abacaba";
                ch.send(true);
            });
            use(s.v);
            ch.recv();
        });

        // A string variable through a pointer: here a one-element array is the variable.
        c.race("StringPtrRW", () -> {
            Chan<Boolean> ch = Chan.make(1);
            String[] x = new String[1];
            String[] p = x;
            Go.go(() -> {
                p[0] = "a";
                ch.send(true);
            });
            use(p[0]);
            ch.recv();
        });

        c.race("Float64WW", () -> {
            Doubles d = new Doubles();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                d.s = 1.0;
                ch.send(true);
            });
            d.s = 2.0;
            ch.recv();
            d.t = d.s;
            d.s = d.t;
        });

        // complex128 has no Java counterpart: a (re, im) pair written together.
        c.race("Complex128WW", () -> {
            Complex x = new Complex();
            Complex y = new Complex();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                x.set(2, 2);
                ch.send(true);
            });
            x.set(4, 4);
            ch.recv();
            y.assign(x);
            x.assign(y);
        });

        // Go's unsafe.Pointer variable; the nearest Java thing is a reference field reached
        // through a VarHandle, whose plain get and set are accesses like any other. The
        // goroutine repoints p while main loads through it.
        c.race("UnsafePtrRW", () -> {
            Cell x = new Cell();
            Cell z = new Cell();
            Vars v = new Vars();
            x.v = 1;
            v.y = 2;
            z.v = 3;
            CellPtr p = new CellPtr();
            PTR.set(p, x);
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                PTR.set(p, z);
                ch.send(true);
            });
            v.y = ((Cell) PTR.get(p)).v;
            x.v = v.y;
            ch.recv();
        });

        // A function variable called by main while the goroutine reassigns it.
        c.race("FuncVariableRW", () -> {
            Ref<LongUnaryOperator> f = new Ref<>();
            f.v = x -> x * x;
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                f.v = x -> x;
                ch.send(true);
            });
            long y = f.v.applyAsLong(1);
            ch.recv();
            use(y);
        });

        c.race("FuncVariableWW", () -> {
            Ref<LongUnaryOperator> f = new Ref<>();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                f.v = x -> x;
                ch.send(true);
            });
            f.v = x -> x * x;
            ch.recv();
        });
    }

    // ---------------------------------------------------------------------------------------
    // Panics, blank reads, append

    private static void panicsAndSlices(Corpus c) {
        // Each goroutine divides by zero, recovers (here: catches ArithmeticException) and
        // then writes x: the two writes race. zero itself is only read.
        c.race("Panic", () -> {
            Vars v = new Vars();
            Chan<Boolean> ch = Chan.make(2);
            for (int k = 1; k <= 2; k++) {
                long mine = k;
                Go.go(() -> {
                    boolean recovered = false;
                    try {
                        long y = 1 / v.z;
                        v.z = y;
                    } catch (ArithmeticException e) {
                        recovered = true;
                        v.x = mine;
                    }
                    if (!recovered) {
                        throw new AssertionError("should be panicking");
                    }
                    ch.send(true);
                });
            }
            ch.recv();
            ch.recv();
            if (v.z != 0) {
                throw new AssertionError("zero has changed");
            }
        });

        // Only reads of different elements while both run; the write comes after the receive.
        c.noRace("Blank", () -> {
            int[] a = new int[5];
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                int r0 = a[0];
                int r1 = a[1];
                ch.send(true);
            });
            int r2 = a[2];
            int r3 = a[3];
            ch.recv();
            a[1] = a[0];
        });

        // Appending to a full slice copies its elements (a range read) into a new array.
        c.race("AppendRW", () -> {
            IntSlice a = IntSlice.make(10);
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                use(a.append(1));
                ch.send(true);
            });
            a.set(0, 1);
            ch.recv();
        });

        // `a = append(a, 1)` writes the slice variable; len(a) reads it.
        c.race("AppendLenRW", () -> {
            Ref<IntSlice> a = new Ref<>();
            a.v = IntSlice.make(0);
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                a.v = a.v.append(1);
                ch.send(true);
            });
            use(a.v.len);
            ch.recv();
        });

        // The same with cap(a).
        c.race("AppendCapRW", () -> {
            Ref<IntSlice> a = new Ref<>();
            a.v = IntSlice.make(0);
            Chan<String> ch = Chan.make();
            Go.go(() -> {
                a.v = a.v.append(1);
                ch.send("");
            });
            use(a.v.cap());
            ch.recv();
        });

        // The argument of the `go` is read by main before it writes x; the goroutine only
        // sees its copy.
        c.noRace("FuncArgsRW", () -> {
            Bytes b = new Bytes();
            Chan<Byte> ch = Chan.make(1);
            byte arg = b.x;
            Go.go(() -> {
                use(arg);
                ch.send((byte) 0);
            });
            b.x = 1;
            ch.recv();
        });

        // Here the goroutine gets a pointer to x and reads through it.
        c.race("FuncArgsRW", () -> {
            Bytes b = new Bytes();
            Chan<Byte> ch = Chan.make(1);
            Bytes p = b;
            Go.go(() -> {
                use(p.x);
                ch.send((byte) 0);
            });
            b.x = 1;
            ch.recv();
        });

        // A recursive crawler whose goroutines share an unprotected "seen" set. Go's set is a
        // map; here it is an array indexed by URL (0 is the start URL, 1..3 the links), so the
        // detector can see it. Sibling goroutines read and write each other's slots unordered.
        // Each crawl sends once, after its done(), how many goroutines it started; main counts
        // them in, so every goroutine has ended its work when the case returns.
        c.race("Crawl", () -> {
            boolean[] seen = new boolean[4];
            Chan<Integer> ch = Chan.make(100);
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> crawl(seen, 0, 3, wg, ch));
            wg.await();
            int expected = 1;
            for (int got = 0; got < expected; got++) {
                expected += ch.recv();
            }
        });
    }

    @Suspendable
    static void crawl(boolean[] seen, int url, int depth, WaitGroup wg, Chan<Integer> ch) {
        int started = 0;
        seen[url] = true;
        if (depth > 0) {
            for (int link = 1; link <= 3; link++) {
                if (!seen[link]) {
                    wg.add(1);
                    int next = link;
                    Go.go(() -> crawl(seen, next, depth - 1, wg, ch));
                    started++;
                }
            }
        }
        wg.done();
        ch.send(started);
    }

    // ---------------------------------------------------------------------------------------
    // Pointers, runes, interfaces holding pointers, stack variables, reallocation

    private static void pointersAndHeap(Corpus c) {
        // Two writes through one pointer.
        c.race("Indirection", () -> {
            Chan<Boolean> ch = Chan.make(1);
            Cell y = new Cell();
            Cell x = y;
            Go.go(() -> {
                x.v = 1;
                ch.send(true);
            });
            x.v = 2;
            ch.recv();
            use(x.v);
        });

        // Go's rune; the nearest Java character type is char.
        c.race("Rune", () -> {
            Chars v = new Chars();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                v.x = 1;
                ch.send(true);
            });
            use(v.x);
            ch.recv();
        });

        c.race("EmptyInterface1", () -> {
            Ref<Object> x = new Ref<>();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                x.v = null;
                ch.send(true);
            });
            use(x.v);
            ch.recv();
        });

        c.race("EmptyInterface2", () -> {
            Ref<Object> x = new Ref<>();
            Chan<Boolean> ch = Chan.make();
            Go.go(() -> {
                x.v = new Point();
                ch.send(true);
            });
            use(x.v);
            ch.recv();
        });

        // A goroutine hands out a pointer to its own variable and writes it after the send
        // completes; the receiver writes it after the receive completes. Neither is ordered
        // before the other. (Sending it back and reading it there is ordered.)
        c.race("TLS", () -> {
            Chan<Cell> comm = Chan.make();
            Chan<Boolean> done = Chan.make(2);
            Go.go(() -> {
                Cell x = new Cell();
                comm.send(x);
                x.v = 1;
                x.v = comm.recv().v;
                done.send(true);
            });
            Go.go(() -> {
                Cell p = comm.recv();
                p.v = 2;
                comm.send(p);
                done.send(true);
            });
            done.recv();
            done.recv();
        });

        // Goroutines that, after a GC, each write a freshly allocated object: memory the
        // collector reused must not carry an old object's accesses.
        c.noRace("HeapReallocation", () -> {
            int n = 2;
            Chan<Boolean> done = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int ms = i;
                Go.go(() -> {
                    Time.after(Duration.ofMillis(ms)).recv();
                    System.gc();
                    Cell x = new Cell();
                    x.v = ms;
                    use(x);
                    done.send(true);
                });
            }
            for (int i = 0; i < n; i++) {
                done.recv();
            }
        });
    }

    // ---------------------------------------------------------------------------------------
    // Shared helpers (MopCases2 uses them too)

    /** Keeps a value alive so that reading it is not an unused expression. */
    static void use(Object value) {
        if (value == SINK) {
            throw new AssertionError();
        }
    }

    static void use(long value) {
        if (value == Long.MIN_VALUE + 3) {
            use((Object) value);
        }
    }

    private static final Object SINK = new Object();

    /** Go variables of type int (64 bits) that closures share. */
    static final class Vars {
        long x, y, z, f;
    }

    /** Go variables of type int32/uint32. */
    static final class Vars32 {
        int x, y, z;
    }

    static final class Bytes {
        byte x;
    }

    static final class Chars {
        char x;
    }

    static final class Doubles {
        double s, t;
    }

    static final class Flags {
        boolean stop;
    }

    /** Shared loop variables (declared outside the loop, as Go's TestRaceRange has them). */
    static final class Loop {
        int i, v;
    }

    /** One variable of a reference type: an interface, pointer, func, string or error. */
    static final class Ref<T> {
        T v;
    }

    /** A heap cell for an int variable whose address is taken. */
    static final class Cell {
        long v;
    }

    /** Holds a pointer reached by a VarHandle (UnsafePtrRW). */
    static final class CellPtr {
        Cell p;
    }

    static final VarHandle PTR;

    static {
        try {
            PTR = MethodHandles.lookup().findVarHandle(CellPtr.class, "p", Cell.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's {@code struct { x, y int }}. */
    static final class Point {
        long x, y;

        void set(long x, long y) {
            this.x = x;
            this.y = y;
        }

        /** Struct assignment: writes every field. */
        void assign(Point o) {
            set(o.x, o.y);
        }

        /** Struct copy: reads every field. */
        Point copy() {
            Point p = new Point();
            p.set(x, y);
            return p;
        }
    }

    /** A struct with a struct inside it (stored inline in Go, hence the final reference). */
    static final class NamedPoint {
        String name;
        final Point p = new Point();
    }

    static final class Complex {
        double re, im;

        void set(double re, double im) {
            this.re = re;
            this.im = im;
        }

        void assign(Complex o) {
            set(o.re, o.im);
        }
    }

    interface Writer {
        int write(byte[] p);
    }

    static final class DummyWriter implements Writer {
        int state;

        DummyWriter(int state) {
            this.state = state;
        }

        @Override
        public int write(byte[] p) {
            return 0;
        }
    }

    interface IoReader {
        void read();
    }

    static final class OsFile implements IoReader {
        @Override
        public void read() {
        }
    }

    /**
     * A Go {@code []int}: a header (array, offset, length; final, as a slice value is copied
     * whole) over an array whose elements are shared memory. Append and copy move elements with
     * System.arraycopy, as Go's runtime moves them with memmove: range accesses.
     */
    static final class IntSlice {
        final int[] arr;
        final int off, len;

        IntSlice(int[] arr, int off, int len) {
            this.arr = arr;
            this.off = off;
            this.len = len;
        }

        static IntSlice make(int len) {
            return make(len, len);
        }

        static IntSlice make(int len, int cap) {
            return new IntSlice(new int[cap], 0, len);
        }

        int cap() {
            return arr.length - off;
        }

        int get(int i) {
            return arr[off + Objects.checkIndex(i, len)];
        }

        void set(int i, int v) {
            arr[off + Objects.checkIndex(i, len)] = v;
        }

        IntSlice slice(int lo, int hi) {
            if (lo < 0 || hi < lo || hi > cap()) {
                throw new IndexOutOfBoundsException("slice bounds out of range [" + lo + ":" + hi + "]");
            }
            return new IntSlice(arr, off + lo, hi - lo);
        }

        IntSlice append(int v) {
            IntSlice s = grow(1);
            s.arr[s.off + len] = v;
            return s;
        }

        IntSlice appendAll(IntSlice o) {
            IntSlice s = grow(o.len);
            System.arraycopy(o.arr, o.off, s.arr, s.off + len, o.len);
            return s;
        }

        /** This slice lengthened by n, in place if the capacity allows, else in a new array. */
        private IntSlice grow(int n) {
            if (len + n <= cap()) {
                return new IntSlice(arr, off, len + n);
            }
            int[] bigger = new int[Math.max(2 * len, len + n)];
            System.arraycopy(arr, off, bigger, 0, len);
            return new IntSlice(bigger, 0, len + n);
        }
    }
}
