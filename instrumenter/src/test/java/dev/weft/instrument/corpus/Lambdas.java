package dev.weft.instrument.corpus;

import dev.weft.Suspendable;
import dev.weft.SuspendableCallable;
import dev.weft.SuspendableConsumer;
import dev.weft.SuspendableRunnable;

import java.util.ArrayList;
import java.util.List;

/**
 * Lambdas of the suspendable functional interfaces: their bodies are rewritten, and a call
 * through the interface is a suspension point (the JDK's lambda proxy is a transparent
 * forwarder). Captures of every width, of {@code this}, nested lambdas, a lambda kept in a field
 * and called many times, and higher-order suspendable methods. Expected: the same results as
 * without parking.
 */
public final class Lambdas {
    private final String name;
    private long calls;
    private SuspendableCallable<String> stored;

    private Lambdas(String name) {
        this.name = name;
    }

    @Suspendable
    static void repeat(int times, SuspendableRunnable body) throws Exception {
        for (int k = 0; k < times; k++) {
            body.run();
        }
    }

    @Suspendable
    static <T> List<T> collect(int times, SuspendableCallable<T> producer) throws Exception {
        List<T> out = new ArrayList<>();
        for (int k = 0; k < times; k++) {
            out.add(producer.call());
        }
        return out;
    }

    @Suspendable
    static <T> void each(List<T> items, SuspendableConsumer<T> consumer) throws Exception {
        for (T item : items) {
            consumer.accept(item);
        }
    }

    @Suspendable
    public static String capturingLocals() throws Exception {
        int i = 7;
        long j = 1L << 50;
        double d = 0.125;
        char c = 'λ';
        String s = "cap";
        StringBuilder out = new StringBuilder();
        SuspendableRunnable r = () -> {
            Probe.point();
            out.append(i).append(',').append(j + Probe.j(1)).append(',').append(d * Probe.d(2)).append(',').append(c)
                    .append(s).append(' ');
        };
        r.run();
        repeat(2, r);
        SuspendableCallable<Long> call = () -> j / Probe.i(i);
        List<Long> values = collect(3, call);
        SuspendableConsumer<String> consumer = item -> {
            Probe.point();
            out.append('[').append(item).append(Probe.i(i)).append(']');
        };
        each(List.of("a", "b", "c"), consumer);
        consumer.accept("direct");
        return out + " " + values;
    }

    @Suspendable
    public static String capturingThis() throws Exception {
        Lambdas l = new Lambdas("obj");
        return l.instanceWork();
    }

    @Suspendable
    private String instanceWork() throws Exception {
        SuspendableRunnable bump = () -> calls += Probe.i(3);
        repeat(4, bump);
        stored = () -> name + ":" + Probe.j(calls);
        List<String> many = collect(3, stored);
        SuspendableCallable<String> viaMethod = () -> helper(Probe.o("x"));
        return calls + " " + many + " " + viaMethod.call() + " " + stored.call();
    }

    @Suspendable
    private String helper(String s) {
        Probe.point();
        return name + "/" + s;
    }

    @Suspendable
    public static String nested() throws Exception {
        StringBuilder out = new StringBuilder();
        int outer = 2;
        SuspendableConsumer<Integer> level1 = k -> {
            SuspendableCallable<String> level2 = () -> {
                SuspendableRunnable level3 = () -> {
                    Probe.point();
                    out.append(k * outer).append(';');
                };
                repeat(Probe.i(2), level3);
                return "k" + k;
            };
            out.append(level2.call()).append(' ');
        };
        each(List.of(1, 2, 3), level1);
        return out.toString();
    }

    /** A user-defined functional interface whose method is @Suspendable. */
    @FunctionalInterface
    interface IntStep {
        @Suspendable
        long step(long acc, int k);
    }

    /** Inherits its only method from SuspendableRunnable without repeating the annotation. */
    @FunctionalInterface
    interface Task extends SuspendableRunnable {
    }

    @Suspendable
    static long fold(int n, IntStep f) {
        long acc = 1;
        for (int k = 1; k <= n; k++) {
            acc = f.step(acc, k);
        }
        return acc;
    }

    /** Lambdas of a custom suspendable interface and of a sub-interface, and an anonymous class. */
    @Suspendable
    public static String customInterfacesAndAnonymousClass() throws Exception {
        StringBuilder out = new StringBuilder();
        long offset = 3;
        long folded = fold(6, (acc, k) -> acc * Probe.i(k) + offset);
        Task task = () -> {
            Probe.point();
            out.append("task ");
        };
        task.run();
        SuspendableRunnable asParent = task;
        asParent.run();
        int local = 11;
        SuspendableCallable<String> anonymous = new SuspendableCallable<>() {
            private int calls;

            @Override
            public String call() {
                Probe.point();
                calls++;
                return "anon" + (local + Probe.i(calls));
            }
        };
        return out + " " + folded + " " + collect(2, anonymous);
    }

    /** A serializable lambda survives a serialization round trip, then parks when called. */
    @Suspendable
    public static String serializable() throws Exception {
        long captured = 40;
        SuspendableCallable<String> original = (SuspendableCallable<String> & java.io.Serializable)
                () -> "ser" + (captured + Probe.j(2));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        Probe.point();
        Object copy;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = in.readObject();
        }
        @SuppressWarnings("unchecked")
        SuspendableCallable<String> revived = (SuspendableCallable<String>) copy;
        return original.call() + " " + revived.call() + " " + (revived != original);
    }

    /** A lambda that throws after parking: the exception reaches the caller through the proxy. */
    @Suspendable
    public static String throwingAfterPark() throws Exception {
        SuspendableCallable<Integer> failing = () -> {
            Probe.point();
            throw new java.io.IOException("checked from lambda");
        };
        try {
            return "got " + failing.call();
        } catch (java.io.IOException e) {
            Probe.point();
            return "caught " + e.getMessage();
        }
    }
}
