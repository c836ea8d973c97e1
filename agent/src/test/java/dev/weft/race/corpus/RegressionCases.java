package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.race.Corpus;

import java.util.Arrays;

/**
 * Go's {@code src/runtime/race/testdata/regression_test.go}, {@code issue12225_test.go},
 * {@code issue12664_test.go} and {@code issue13264_test.go}, ported to weft in weft's own
 * words: the scenarios are Go's, the code is not. Go's package-level variables are static
 * fields here.
 *
 * <p>Not ported:
 * <ul>
 * <li>{@code TestRaceUnaddressableMapLen} (regression_test.go): a race inside Go maps; a Java
 *     map's memory is inside JDK classes, which the detector does not see.</li>
 * <li>regression_test.go's helpers that are no tests ({@code NewLog} and its package-level
 *     use, {@code MakeMap}, {@code InstrumentMapLen}, {@code InstrumentMapLen2},
 *     {@code InstrumentMapLen3}, {@code NewImage}, {@code AddrOfTemp}, {@code encodeType},
 *     {@code divInSlice}, {@code issue5431}): they only had to compile under Go's race
 *     instrumentation; javac has no counterpart to those compiler bugs.</li>
 * <li>issue12225_test.go ({@code issue12225}) and issue13264_test.go ({@code issue13264}): no
 *     test in them, only code that had to compile (unsafe string-to-pointer conversions, a
 *     map literal in a for post statement).</li>
 * </ul>
 */
public final class RegressionCases implements Corpus.Source {

    /** A heap cell. */
    static final class Box {
        int v;
    }

    /** Go's {@code type stack []int} with push and pop through a pointer. */
    static final class Stack {
        int[] items = new int[0];
        int size;

        void push(int x) {
            if (size == items.length) {
                items = Arrays.copyOf(items, 2 * size + 1);
            }
            items[size++] = x;
        }

        int pop() {
            int top = items[size - 1];
            size--;
            return top;
        }
    }

    /** Go's {@code RpcChan}: a struct holding a channel. */
    static final class RpcChan {
        Chan<Boolean> c;
    }

    /** Go's {@code iface}, implemented by {@link Int}. */
    interface Iface {
        Flag foo();
    }

    /** What {@link Iface#foo} returns: a fresh struct with a false flag. */
    static final class Flag {
        boolean b;
    }

    static final class Int implements Iface {
        @Override
        public Flag foo() {
            return new Flag();
        }
    }

    /** Go's {@code MyI}; {@link MyT} is the type behind it (Go's {@code type MyT int}). */
    interface MyI {
        void foo();
    }

    record MyT(int v) implements MyI {
        @Override
        public void foo() {
        }
    }

    static int makeChanCalls;

    static String issue12664 = "hi";
    static MyT issue12664two = new MyT(0);
    static MyT issue12664three = new MyT(0);
    static MyT issue12664four = new MyT(0);

    /** Does nothing with the stack it is given (Go's {@code go func(s *stack) {}(&s)}). */
    static void ignore(Stack s) {
    }

    @Suspendable
    static RpcChan makeChan() {
        Stack notInlined = new Stack();
        notInlined.push(1);
        notInlined.pop();
        makeChanCalls++;
        RpcChan r = new RpcChan();
        r.c = Chan.make(1);
        r.c.send(true);
        return r;
    }

    @Suspendable
    static boolean call() {
        return makeChan().c.recv();
    }

    /**
     * Go's {@code noRaceReturn}: its named result {@code a} is shared with a goroutine that reads
     * it; returning it only reads it again (Go issue 4014: return once wrote it back).
     */
    static int[] noRaceReturn(Chan<Integer> c) {
        Box a = new Box();
        a.v = 42;
        Go.go(() -> {
            int seen = a.v;
            c.send(1);
        });
        return new int[] {a.v, 10};
    }

    /** Go's {@code func(x MyI)} taking the global as an interface value. */
    static void takeIface(MyI x, Chan<Boolean> c) {
        if (((MyT) x).v() == -1) {
            c.close();
        }
    }

    @Override
    public void cases(Corpus c) {
        // --- regression_test.go ---
        c.noRace("StackPushPop", () -> {
            Stack s = new Stack();
            Chan<Boolean> exited = Chan.make(1);
            Go.go(() -> {
                ignore(s);
                exited.send(true);
            });
            s.push(1);
            int top = s.pop();
            exited.recv();
        });
        c.noRace("RpcChan", () -> {
            makeChanCalls = 0;
            call();
            if (makeChanCalls != 1) {
                throw new AssertionError("makeChan ran " + makeChanCalls + " times, not once");
            }
        });
        c.noRace("Return", () -> {
            Chan<Integer> c2 = Chan.make();
            int[] results = noRaceReturn(c2);
            c2.recv();
        });
        c.noRace("ForInfiniteLoop", () -> {
            // the loop condition calls through an interface and reads a field of a fresh object
            Iface x = new Int();
            while (x.foo().b) {
                // never entered
            }
        });

        // --- issue12664_test.go: a global read or written around an interface conversion ---
        c.race("Issue12664", () -> {
            // the global is passed to a formatting call as an Object, as fmt.Println takes any
            Chan<Boolean> c2 = Chan.make();
            Go.go(() -> {
                issue12664 = "bye";
                c2.close();
            });
            String printed = String.format("%s%n", issue12664);
            c2.recv();
        });
        c.race("Issue12664_2", () -> {
            Chan<Boolean> c2 = Chan.make();
            Go.go(() -> {
                issue12664two = new MyT(1);
                c2.close();
            });
            takeIface(issue12664two, c2);
            c2.recv();
        });
        c.race("Issue12664_3", () -> {
            // the global is assigned from a type assertion on an Object
            Chan<Boolean> c2 = Chan.make();
            Go.go(() -> {
                issue12664three = new MyT(1);
                c2.close();
            });
            Object i = new MyT(0);
            issue12664three = (MyT) i;
            c2.recv();
        });
        c.race("Issue12664_4", () -> {
            // the same through the MyI interface
            Chan<Boolean> c2 = Chan.make();
            Go.go(() -> {
                issue12664four = new MyT(1);
                c2.close();
            });
            MyI i = new MyT(0);
            issue12664four = (MyT) i;
            c2.recv();
        });
    }
}
