package dev.weft.instrument.corpus;

import dev.weft.Suspendable;
import dev.weft.SuspendableCallable;
import dev.weft.SuspendableConsumer;
import dev.weft.SuspendableRunnable;

import java.util.ArrayList;
import java.util.List;

/**
 * Method references to suspendable methods: static, bound ({@code obj::m}), unbound
 * ({@code Type::m}), {@code this::m} and {@code super::m}. The referenced method is rewritten
 * because it is {@code @Suspendable}; the JDK's proxy forwards to it. Also references to methods
 * that are not suspendable (they need no rewriting) and to a constructor ({@code MethodRefs::new}). Expected: the same results
 * as without parking.
 */
public class MethodRefs {
    private final List<String> seen = new ArrayList<>();
    private final String tag;

    MethodRefs(String tag) {
        this.tag = tag;
    }

    @Suspendable
    static String staticTarget() {
        Probe.point();
        return "static" + Probe.i(1);
    }

    @Suspendable
    void record(String s) {
        Probe.point();
        seen.add(tag + s);
    }

    @Suspendable
    String describe() {
        return Probe.o(tag) + seen;
    }

    @Suspendable
    static <T> void feed(SuspendableConsumer<T> sink, List<T> items) throws Exception {
        for (T item : items) {
            sink.accept(item);
        }
    }

    @Suspendable
    public static String staticBoundAndUnbound() throws Exception {
        SuspendableCallable<String> s = MethodRefs::staticTarget;
        MethodRefs m = new MethodRefs("t:");
        SuspendableConsumer<String> bound = m::record;
        feed(bound, List.of("a", "b"));
        SuspendableConsumer<MethodRefs> unbound = MethodRefs::touch;
        unbound.accept(m);
        SuspendableCallable<String> describe = m::describe;
        SuspendableCallable<MethodRefs> ctor = () -> new MethodRefs("new:");
        SuspendableCallable<String> notSuspendable = m.tag::toUpperCase;
        SuspendableRunnable plainStatic = MethodRefs::notSuspendable;
        plainStatic.run();
        SuspendableConsumer<String> constructor = MethodRefs::new;
        constructor.accept("discarded");
        return s.call() + " " + describe.call() + " " + ctor.call().describe() + " " + notSuspendable.call();
    }

    @Suspendable
    void touch() {
        record("touched" + Probe.i(2));
    }

    static void notSuspendable() {
        Probe.log("not suspendable, no park inside");
    }

    @Suspendable
    public static String thisAndSuper() throws Exception {
        Sub sub = new Sub("sub:");
        return sub.viaThisAndSuper();
    }

    static final class Sub extends MethodRefs {
        Sub(String tag) {
            super(tag);
        }

        @Override
        String describe() {
            Probe.point();
            return "Sub(" + super.describe() + ")";
        }

        @Suspendable
        String viaThisAndSuper() throws Exception {
            SuspendableCallable<String> mine = this::describe;
            SuspendableCallable<String> parent = super::describe;
            SuspendableConsumer<String> rec = this::record;
            rec.accept("x");
            return mine.call() + " " + parent.call();
        }
    }
}
