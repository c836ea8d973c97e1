package dev.weft.instrument.corpus;

import dev.weft.Suspendable;

import java.util.ArrayList;
import java.util.List;

/**
 * A generic suspendable interface, {@code Source<T>}, and implementations whose erasure differs
 * from it, so javac adds bridge methods ({@code Object next()} forwarding to
 * {@code Integer next()}); bridges are forwarders and stand between rewritten frames. Also a
 * covariant-return override in a class hierarchy, a record implementation, and a generic method
 * bounded by {@code Comparable}. Expected: the same results as without parking.
 */
public final class Generics {
    private Generics() {}

    interface Source<T> {
        @Suspendable
        T next();
    }

    /** {@code Integer next()} plus a bridge {@code Object next()}. */
    static final class Counter implements Source<Integer> {
        private int n;

        @Override
        public Integer next() {
            Probe.point();
            return n++ * Probe.i(3);
        }
    }

    record Constant<T>(T value) implements Source<T> {
        @Override
        public T next() {
            return Probe.o(value);
        }
    }

    /** A transformer that is itself a source: calls through the bridge of another source. */
    static final class Mapped implements Source<String> {
        private final Source<Integer> inner;

        Mapped(Source<Integer> inner) {
            this.inner = inner;
        }

        @Override
        public String next() {
            Integer v = inner.next();
            Probe.point();
            return "m" + v;
        }
    }

    static class Animal {
        @Suspendable
        Animal self() {
            Probe.point();
            return this;
        }

        @Suspendable
        Object describe() {
            return "animal";
        }
    }

    /** Covariant overrides: {@code Dog self()} with a bridge {@code Animal self()}. */
    static final class Dog extends Animal {
        @Override
        Dog self() {
            Probe.point();
            return this;
        }

        @Override
        String describe() {
            return "dog:" + Probe.o(super.describe());
        }
    }

    @Suspendable
    static <T extends Comparable<T>> T max(Source<T> source, int count) {
        T best = source.next();
        for (int k = 1; k < count; k++) {
            T candidate = source.next();
            if (candidate.compareTo(best) > 0) {
                best = candidate;
            }
        }
        return best;
    }

    @Suspendable
    static <T> List<T> take(Source<? extends T> source, int count) {
        List<T> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add(source.next());
        }
        return out;
    }

    @Suspendable
    public static String bridgesAndGenericCalls() {
        Counter counter = new Counter();
        Source<Integer> raw = counter;
        int direct = counter.next();            // Counter.next()Integer, no bridge
        Integer viaBridge = raw.next();         // Source.next()Object, through the bridge
        List<Integer> taken = take(counter, 3);
        Integer best = max(new Counter(), 4);
        String constant = take(new Constant<>("c"), 2).toString();
        List<String> mapped = take(new Mapped(new Counter()), 3);
        Animal a = new Dog();
        Animal selfViaBridge = a.self();
        Dog d = new Dog();
        Dog selfDirect = d.self();
        return direct + " " + viaBridge + " " + taken + " " + best + " " + constant + " " + mapped + " "
                + (selfViaBridge == a) + " " + (selfDirect == d) + " " + a.describe() + " " + new Animal().describe();
    }
}
