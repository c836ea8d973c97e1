package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code new Foo(sus())}: javac emits {@code NEW Foo; DUP} before the arguments, so at the
 * suspending call the operand stack holds uninitialized objects, which cannot be saved; the
 * rewriter has to move the allocation past the arguments. Expected: the same objects with the
 * same fields as without parking. Class-initialization order is {@link InitOrder}'s subject.
 */
public final class Constructors {
    private Constructors() {}

    static final class Point {
        final int x;
        final long y;

        Point(int x, long y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public String toString() {
            return "(" + x + "," + y + ")";
        }
    }

    static final class Box {
        final Object a;
        final Object b;

        Box(Object a, Object b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public String toString() {
            return "[" + a + " " + b + "]";
        }
    }

    /** {@code new Foo(sus())}, with a wide second argument. */
    @Suspendable
    public static String suspendingArgument() {
        Point p = new Point(Probe.i(1), 2L);
        Point q = new Point(3, Probe.j(4L));
        Point r = new Point(Probe.i(5), Probe.j(6L));
        return p + " " + q + " " + r;
    }

    /**
     * {@code new Foo(a, new Bar(sus()))}: two uninitialized objects beneath the call, and deeper; and a
     * long or double beneath the uninitialized object.
     */
    @Suspendable
    public static String nestedNews() {
        Box b = new Box("a", new Point(Probe.i(7), 8L));
        Box deep = new Box(new Box(Probe.o("x"), new Box(new Point(9, Probe.j(10L)), Probe.o("y"))),
                new Point(Probe.i(11), 12L));
        long base = 1L << 35;
        double scale = 0.5;
        long withWideBeneath = base * 3 + new Point(Probe.i(1), Probe.j(2L)).y;
        double withDoubleBeneath = scale * new Point(Probe.i(4), 6L).x + scale;
        return b + " " + deep + " " + withWideBeneath + " " + withDoubleBeneath;
    }

    /** A {@code new} that is itself an argument beneath another call, or a receiver. */
    @Suspendable
    public static String newAsArgumentAndReceiver() {
        String s = String.valueOf(new Point(Probe.i(13), 14L));
        String t = new StringBuilder(Probe.o("sb")).append(Probe.i(15)).append(new Point(16, Probe.j(17L))).toString();
        List<Object> list = new ArrayList<>(List.of(Probe.o("e0"), new Box(Probe.i(18), "f")));
        return s + " " + t + " " + list;
    }

    /** Allocations in a loop: each iteration's uninitialized object is a fresh one. */
    @Suspendable
    public static String newInLoop() {
        List<Point> points = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            points.add(new Point(Probe.i(k), k * 10L));
        }
        return points.toString();
    }

    /**
     * Uninitialized objects on the stack across branches: a {@code new} whose arguments contain a
     * conditional or a switch expression with suspending arms (stack map frames at the merge points
     * hold the uninitialized types).
     */
    @Suspendable
    public static String newAcrossBranches() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            Box a = new Box(k > 0 ? Probe.o("pos") : "zero", Probe.i(k));
            Box b = new Box(k == 1 ? new Point(Probe.i(k), 1L) : null, switch (k) {
                case 0 -> Probe.o("s0");
                case 1 -> new Point(2, Probe.j(3L));
                default -> {
                    Probe.point();
                    yield "s" + k;
                }
            });
            out.append(a).append(b).append(' ');
        }
        return out.toString();
    }

    /** A suspending argument that throws: the object is never constructed, the exception propagates. */
    @Suspendable
    public static String argumentThrows() {
        try {
            Object never = new Box("a", fail(Probe.i(3)));
            return "constructed " + never;
        } catch (IllegalArgumentException e) {
            return "caught " + e.getMessage();
        }
    }

    @Suspendable
    private static Object fail(int v) {
        Probe.point();
        throw new IllegalArgumentException("argument " + v);
    }
}
