package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/**
 * Values whose type at the suspension point is the merge of two branches: sibling classes (their
 * common superclass), arrays of siblings, classes that share only interfaces, and a local that is
 * null on one path. The rewriter must save and restore each with a type the code after the park
 * may use. Expected: the same results as without parking, and classes that pass the verifier.
 */
public final class MergedTypes {
    private MergedTypes() {}

    abstract static class Shape {
        abstract String name();

        int sides() {
            return 0;
        }
    }

    static final class Triangle extends Shape {
        @Override
        String name() {
            return "triangle";
        }

        @Override
        int sides() {
            return 3;
        }
    }

    static final class Square extends Shape {
        @Override
        String name() {
            return "square";
        }

        @Override
        int sides() {
            return 4;
        }
    }

    @Suspendable
    public static String siblingClassesAndArrays() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            Shape s = k % 2 == 0 ? new Triangle() : new Square();
            Shape[] many = k == 1 ? new Triangle[] {new Triangle()} : new Square[] {new Square(), new Square()};
            Object maybe = k == 2 ? null : s;
            Probe.point();
            out.append(s.name()).append(s.sides()).append(' ').append(many.length).append(many[0].name())
                    .append(' ').append(maybe == null ? "null" : ((Shape) maybe).name()).append(" | ");
            // The same merge on the operand stack, beneath a suspending argument.
            out.append(describe(k > 0 ? new Triangle() : new Square(), Probe.i(k))).append(" | ");
        }
        return out.toString();
    }

    private static String describe(Shape s, int k) {
        return s.name() + k;
    }

    @Suspendable
    public static String sharedInterfacesOnly() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < 2; k++) {
            // String and StringBuilder: common superclass Object, both CharSequence and Serializable.
            CharSequence cs = k == 0 ? "string" : new StringBuilder("builder");
            Serializable ser = k == 0 ? Integer.valueOf(5) : "five";
            List<Integer> list = k == 0 ? new ArrayList<>(List.of(1, 2)) : new LinkedList<>(List.of(3));
            Comparable<?> cmp = k == 0 ? (Comparable<?>) Long.valueOf(9) : "nine";
            Probe.point();
            out.append(cs.length()).append(cs.charAt(0)).append(' ').append(ser).append(' ')
                    .append(list.size()).append(list.get(0)).append(' ').append(cmp).append(' ')
                    .append(Probe.o(cs).subSequence(0, 2)).append(" | ");
        }
        return out.toString();
    }
}
