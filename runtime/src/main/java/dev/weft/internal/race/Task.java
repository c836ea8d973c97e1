package dev.weft.internal.race;

import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A task of application code that runs elsewhere (an executor's thread, a CompletableFuture's
 * completion, a barrier's last arrival), wrapped so that the detector sees its edges: its
 * submission released into this wrapper, which the run acquires first, with its source's (the
 * stage it depends on); its run releases into the wrapper, and into the task itself (a
 * FutureTask handed to {@code execute}), when it ends, which whoever waits for its future
 * acquires.
 */
abstract class Task {
    static final int RUNNABLE = 0;
    static final int CALLABLE = 1;
    static final int SUPPLIER = 2;
    static final int FUNCTION = 3;
    static final int BI_FUNCTION = 4;
    static final int CONSUMER = 5;
    static final int BI_CONSUMER = 6;

    final Object target;
    /**
     * What the task runs after besides its submission, or null: the future a dependent stage
     * hangs on, a barrier whose action it is. Set before the task can run.
     */
    volatile Object source;
    /** What the task's end also releases into, or null: the executor it ran on (for awaitTermination), a map. */
    volatile Object sink;

    Task(Object target) {
        this.target = target;
    }

    static Task of(Object target, int kind) {
        switch (kind) {
            case RUNNABLE: return new Run((Runnable) target);
            case CALLABLE: return new Call<>((Callable<?>) target);
            case SUPPLIER: return new Supply<>((Supplier<?>) target);
            case FUNCTION: return new Fn<>((Function<?, ?>) target);
            case BI_FUNCTION: return new BiFn<>((BiFunction<?, ?, ?>) target);
            case CONSUMER: return new Consume<>((Consumer<?>) target);
            case BI_CONSUMER: return new BiConsume<>((BiConsumer<?, ?>) target);
            default: throw new IllegalArgumentException("task kind " + kind);
        }
    }

    final void begin() {
        Sync.acquire(this);
        Object s = source;
        Actor a = Actors.current();
        if (s != null && a != null && JdkSync.concurrent(s)) {
            JdkSync.acquire(a, s);
        }
    }

    /** Also into its sink: a concurrent map's compute function is ordered with the next one on that map. */
    final void end() {
        Sync.release(this);
        Sync.release(target);
        Object s = sink;
        if (s != null && JdkSync.concurrent(s)) {
            Sync.release(s);
        }
    }

    private static final class Run extends Task implements Runnable {
        Run(Runnable r) {
            super(r);
        }

        @Override
        public void run() {
            begin();
            try {
                ((Runnable) target).run();
            } finally {
                end();
            }
        }
    }

    private static final class Call<V> extends Task implements Callable<V> {
        Call(Callable<V> c) {
            super(c);
        }

        @Override
        @SuppressWarnings("unchecked")
        public V call() throws Exception {
            begin();
            try {
                return ((Callable<V>) target).call();
            } finally {
                end();
            }
        }
    }

    private static final class Supply<V> extends Task implements Supplier<V> {
        Supply(Supplier<V> s) {
            super(s);
        }

        @Override
        @SuppressWarnings("unchecked")
        public V get() {
            begin();
            try {
                return ((Supplier<V>) target).get();
            } finally {
                end();
            }
        }
    }

    private static final class Fn<T, R> extends Task implements Function<T, R> {
        Fn(Function<T, R> f) {
            super(f);
        }

        @Override
        @SuppressWarnings("unchecked")
        public R apply(T t) {
            begin();
            try {
                return ((Function<T, R>) target).apply(t);
            } finally {
                end();
            }
        }
    }

    private static final class BiFn<T, U, R> extends Task implements BiFunction<T, U, R> {
        BiFn(BiFunction<T, U, R> f) {
            super(f);
        }

        @Override
        @SuppressWarnings("unchecked")
        public R apply(T t, U u) {
            begin();
            try {
                return ((BiFunction<T, U, R>) target).apply(t, u);
            } finally {
                end();
            }
        }
    }

    private static final class Consume<T> extends Task implements Consumer<T> {
        Consume(Consumer<T> c) {
            super(c);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void accept(T t) {
            begin();
            try {
                ((Consumer<T>) target).accept(t);
            } finally {
                end();
            }
        }
    }

    private static final class BiConsume<T, U> extends Task implements BiConsumer<T, U> {
        BiConsume(BiConsumer<T, U> c) {
            super(c);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void accept(T t, U u) {
            begin();
            try {
                ((BiConsumer<T, U>) target).accept(t, u);
            } finally {
                end();
            }
        }
    }
}
