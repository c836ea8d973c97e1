package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

/**
 * An abstract class with an abstract suspendable method, a template method that calls it, and
 * concrete subclasses that override it (and a concrete suspendable method) without repeating the
 * annotation, two levels deep, one calling {@code super}. Expected: the same results as without parking.
 */
public final class Abstracts {
    private Abstracts() {}

    abstract static class Shape {
        @Suspendable
        abstract double area();

        @Suspendable
        String label() {
            Probe.point();
            return getClass().getSimpleName();
        }

        /** The template method: calls the abstract one twice with a double beneath the second call. */
        @Suspendable
        final String report() {
            double first = area();
            double sum = first + area();
            return label() + "=" + sum;
        }
    }

    static class Square extends Shape {
        final double side;

        Square(double side) {
            this.side = side;
        }

        @Override
        double area() {
            Probe.point();
            return side * Probe.d(side);
        }
    }

    static final class Cube extends Square {
        Cube(double side) {
            super(side);
        }

        @Override
        double area() {
            return 6 * super.area();
        }

        @Override
        String label() {
            return "cube/" + Probe.o(super.label());
        }
    }

    static final class Circle extends Shape {
        final long radius;

        Circle(long radius) {
            this.radius = radius;
        }

        @Override
        double area() {
            return Math.PI * Probe.j(radius) * radius;
        }
    }

    @Suspendable
    public static String templateAndOverrides() {
        Shape[] shapes = {new Square(2), new Cube(1.5), new Circle(3)};
        StringBuilder out = new StringBuilder();
        for (Shape s : shapes) {
            out.append(s.report()).append(' ');
        }
        return out.toString();
    }
}
