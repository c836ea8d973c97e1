package dev.weft.internal.context;

import dev.weft.CancelableContext;
import dev.weft.CanceledException;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.ContextException;
import dev.weft.DeadlineExceededException;
import dev.weft.Go;
import dev.weft.Time;
import dev.weft.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The context implementations, as Go's {@code context} package has them: the background, a
 * cancelable node (with a deadline timer when it has one) and a value node.
 *
 * <p>Cancellation propagates down: a cancelable child registers with its nearest cancelable
 * ancestor, which cancels it when it is itself canceled; a child of a foreign implementation is
 * watched by a goroutine, as Go's {@code propagateCancel} does. Invariant, under a node's
 * monitor: once {@code err} is set it never changes, {@code done} is closed, and the node has no
 * children left.
 */
public final class Contexts {
    private static final Context BACKGROUND = new Background();

    private Contexts() {}

    public static Context background() {
        return BACKGROUND;
    }

    public static CancelableContext withCancel(Context parent) {
        return new CancelCtx(Objects.requireNonNull(parent, "parent"), null);
    }

    public static CancelableContext withTimeout(Context parent, Duration timeout) {
        return withDeadline(parent, Instant.now().plus(timeout));
    }

    public static CancelableContext withDeadline(Context parent, Instant deadline) {
        Objects.requireNonNull(parent, "parent");
        Optional<Instant> inherited = parent.deadline();
        if (inherited.isPresent() && !inherited.get().isAfter(deadline)) {
            return new CancelCtx(parent, null); // the parent's deadline comes first
        }
        CancelCtx c = new CancelCtx(parent, deadline);
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            c.cancel(new DeadlineExceededException());
        } else {
            synchronized (c) {
                if (c.err == null) {
                    c.timer = Time.afterFunc(left, () -> c.cancel(new DeadlineExceededException()));
                }
            }
        }
        return c;
    }

    public static Context withValue(Context parent, Object key, Object value) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(key, "key");
        return new ValueCtx(parent, key, value);
    }

    /** The nearest cancelable ancestor reached through value nodes, or null. */
    private static CancelCtx cancelableAncestor(Context c) {
        Context k = valueRoot(c);
        return k instanceof CancelCtx cc ? cc : null;
    }

    /** The first ancestor (or {@code c}) that is not a value node. */
    private static Context valueRoot(Context c) {
        while (c instanceof ValueCtx v) {
            c = v.parent;
        }
        return c;
    }

    private static final class Background implements Context {
        private final Chan<Void> never = Chan.make();

        @Override
        public Chan<Void> done() {
            return never;
        }

        @Override
        public Throwable err() {
            return null;
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Object value(Object key) {
            return null;
        }

        @Override
        public String toString() {
            return "context.Background";
        }
    }

    private static final class CancelCtx implements CancelableContext {
        private final Context parent;
        private final Instant deadline;
        private final Chan<Void> done = Chan.make();
        private volatile ContextException err;
        private Set<CancelCtx> children;
        private Timer timer;

        CancelCtx(Context parent, Instant deadline) {
            this.parent = parent;
            this.deadline = deadline;
            propagate();
        }

        private void propagate() {
            if (valueRoot(parent) == BACKGROUND) {
                return; // never done: nothing to propagate
            }
            Throwable parentErr = parent.err();
            if (parentErr != null) {
                cancel((ContextException) parentErr);
                return;
            }
            CancelCtx ancestor = cancelableAncestor(parent);
            if (ancestor != null) {
                ContextException already;
                synchronized (ancestor) {
                    already = ancestor.err;
                    if (already == null) {
                        if (ancestor.children == null) {
                            ancestor.children = new LinkedHashSet<>();
                        }
                        ancestor.children.add(this);
                    }
                }
                if (already != null) {
                    cancel(already);
                }
                return;
            }
            Go.go(() -> {
                dev.weft.Select.select(parent.done().onRecv(v -> cancel(asContextException(parent.err()))),
                        done.onRecv(null));
            });
        }

        @Override
        public void cancel() {
            cancel(new CanceledException());
        }

        @Override
        public void close() {
            cancel();
        }

        void cancel(ContextException why) {
            Set<CancelCtx> kids;
            Timer t;
            synchronized (this) {
                if (err != null) {
                    return;
                }
                err = why;
                kids = children;
                children = null;
                t = timer;
                timer = null;
            }
            done.close();
            if (t != null) {
                t.stop();
            }
            if (kids != null) {
                for (CancelCtx k : kids) {
                    k.cancel(why);
                }
            }
            CancelCtx ancestor = cancelableAncestor(parent);
            if (ancestor != null) {
                synchronized (ancestor) {
                    if (ancestor.children != null) {
                        ancestor.children.remove(this);
                    }
                }
            }
        }

        @Override
        public Chan<Void> done() {
            return done;
        }

        @Override
        public Throwable err() {
            return err;
        }

        @Override
        public Optional<Instant> deadline() {
            return deadline != null ? Optional.of(deadline) : parent.deadline();
        }

        @Override
        public Object value(Object key) {
            return parent.value(key);
        }

        @Override
        public String toString() {
            return parent + (deadline != null ? ".WithDeadline(" + deadline + ")" : ".WithCancel");
        }
    }

    private static ContextException asContextException(Throwable t) {
        return t instanceof ContextException ce ? ce : new CanceledException();
    }

    private static final class ValueCtx implements Context {
        private final Context parent;
        private final Object key;
        private final Object val;

        ValueCtx(Context parent, Object key, Object val) {
            this.parent = parent;
            this.key = key;
            this.val = val;
        }

        @Override
        public Chan<Void> done() {
            return parent.done();
        }

        @Override
        public Throwable err() {
            return parent.err();
        }

        @Override
        public Optional<Instant> deadline() {
            return parent.deadline();
        }

        @Override
        public Object value(Object k) {
            return key.equals(k) ? val : parent.value(k);
        }

        @Override
        public String toString() {
            return parent + ".WithValue(" + key + ")";
        }
    }
}
