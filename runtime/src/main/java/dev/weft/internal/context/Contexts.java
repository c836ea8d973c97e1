package dev.weft.internal.context;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.AfterFunc;
import dev.weft.CancelableContext;
import dev.weft.CanceledException;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.ContextException;
import dev.weft.DeadlineExceededException;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.SuspendableRunnable;
import dev.weft.Time;
import dev.weft.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The context implementations, as Go's {@code context} package has them: the background, a
 * cancelable node (with a deadline timer when it has one), a value node, a node without
 * cancellation, and the node an {@code afterFunc} waits on.
 *
 * <p>Cancellation propagates down: a cancelable child or an {@code afterFunc} registers with its
 * nearest cancelable ancestor, which cancels it when it is itself canceled; under a foreign
 * implementation it is watched by a goroutine, as Go's {@code propagateCancel} does. A parent
 * whose {@code done()} is the channel that never closes is never canceled, so nothing is
 * registered under it. Invariant, under a node's monitor: once {@code err} is set it and
 * {@code cause} never change, {@code done} is closed, and the node has no children left.
 */
public final class Contexts {
    /** The {@code done()} of every context that can never be done. */
    private static final Chan<Void> NEVER = Chan.make();
    private static final Context BACKGROUND = new Background();
    /**
     * Go's {@code cancelCtxKey}: {@code value(CANCEL_NODE)} answers the nearest cancelable
     * node, through value nodes and foreign contexts that delegate {@code value} to their
     * parent, which is how {@link #cause} finds it.
     */
    private static final Object CANCEL_NODE = new Object();

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
            c.cancel(new DeadlineExceededException(), null);
        } else {
            synchronized (c) {
                if (c.err == null) {
                    c.timer = Time.afterFunc(left, () -> c.cancel(new DeadlineExceededException(), null));
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

    public static Context withoutCancel(Context parent) {
        return new WithoutCancel(Objects.requireNonNull(parent, "parent"));
    }

    public static AfterFunc afterFunc(Context ctx, SuspendableRunnable f) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(f, "afterFunc: f is null");
        AfterFuncNode a = new AfterFuncNode(ctx, f);
        propagate(ctx, a, a.stopped);
        return a;
    }

    /** Go's {@code context.Cause}: the nearest cancelable node's cause, else {@code err()}. */
    public static Throwable cause(Context c) {
        if (c.value(CANCEL_NODE) instanceof CancelCtx cc) {
            synchronized (cc) {
                return cc.cause;
            }
        }
        return c.err();
    }

    /** What a cancelable node cancels when it is canceled: a child context or an afterFunc. */
    private interface Child {
        void parentDone(ContextException err, Throwable cause);
    }

    /**
     * Arranges for {@code child} to learn that {@code parent} is done: at once if it is, through
     * the nearest cancelable ancestor if there is one, else by a goroutine that watches
     * {@code parent} until it or {@code childDone} is done.
     */
    private static void propagate(Context parent, Child child, Chan<Void> childDone) {
        Chan<Void> parentDone = parent.done();
        if (parentDone == NEVER || parentDone == null) {
            return; // never done (Go: a nil Done): nothing to propagate
        }
        Throwable parentErr = parent.err();
        if (parentErr != null) {
            child.parentDone(asContextException(parentErr), cause(parent));
            return;
        }
        CancelCtx ancestor = cancelableAncestor(parent);
        if (ancestor != null) {
            ContextException already;
            Throwable why;
            synchronized (ancestor) {
                already = ancestor.err;
                why = ancestor.cause;
                if (already == null) {
                    if (ancestor.children == null) {
                        ancestor.children = new LinkedHashSet<>();
                    }
                    ancestor.children.add(child);
                }
            }
            if (already != null) {
                child.parentDone(already, why);
            }
            return;
        }
        Go.go(() -> {
            if (Select.select(parentDone.onRecv(), childDone.onRecv()) == 0) {
                child.parentDone(asContextException(parent.err()), cause(parent));
            }
        });
    }

    /** Takes {@code child} out of its cancelable ancestor's children, if it has that ancestor. */
    private static void removeChild(Context parent, Child child) {
        CancelCtx ancestor = cancelableAncestor(parent);
        if (ancestor != null) {
            synchronized (ancestor) {
                if (ancestor.children != null) {
                    ancestor.children.remove(child);
                }
            }
        }
    }

    /** The nearest cancelable ancestor reached through value nodes, or null. */
    private static CancelCtx cancelableAncestor(Context c) {
        while (c instanceof ValueCtx v) {
            c = v.parent;
        }
        return c instanceof CancelCtx cc ? cc : null;
    }

    private static ContextException asContextException(Throwable t) {
        return t instanceof ContextException ce ? ce : new CanceledException();
    }

    private static final class Background implements Context {
        @Override
        public Chan<Void> done() {
            return NEVER;
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

    private static final class CancelCtx implements CancelableContext, Child {
        private final Context parent;
        private final Instant deadline;
        private final Chan<Void> done = Chan.make();
        private volatile ContextException err;
        private Throwable cause;
        private Set<Child> children;
        private Timer timer;

        CancelCtx(Context parent, Instant deadline) {
            this.parent = parent;
            this.deadline = deadline;
            propagate(parent, this, done);
        }

        @Override
        public void cancel() {
            cancel(new CanceledException(), null);
        }

        @Override
        public void cancel(Throwable why) {
            cancel(new CanceledException(), why);
        }

        @Override
        public void close() {
            cancel();
        }

        @Override
        public void parentDone(ContextException parentErr, Throwable parentCause) {
            cancel(parentErr, parentCause);
        }

        /** Cancels with {@code why} as the error and {@code because} (null: {@code why}) as the cause. */
        void cancel(ContextException why, Throwable because) {
            Set<Child> kids;
            Timer t;
            Throwable c = because != null ? because : why;
            synchronized (this) {
                if (err != null) {
                    return;
                }
                if (RaceMode.ENABLED) {
                    Sync.release(this); // a cancel is before anyone sees the context done
                }
                cause = c;
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
                for (Child k : kids) {
                    k.parentDone(why, c);
                }
            }
            removeChild(parent, this);
        }

        @Override
        public Chan<Void> done() {
            return done;
        }

        @Override
        public Throwable err() {
            Throwable e = err;
            if (RaceMode.ENABLED && e != null) {
                Sync.acquire(this);
            }
            return e;
        }

        @Override
        public Optional<Instant> deadline() {
            return deadline != null ? Optional.of(deadline) : parent.deadline();
        }

        @Override
        public Object value(Object key) {
            return key == CANCEL_NODE ? this : parent.value(key);
        }

        @Override
        public String toString() {
            return parent + (deadline != null ? ".WithDeadline(" + deadline + ")" : ".WithCancel");
        }
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

    /** Go's {@code withoutCancelCtx}: the parent's values, and nothing of its cancellation. */
    private static final class WithoutCancel implements Context {
        private final Context parent;

        WithoutCancel(Context parent) {
            this.parent = parent;
        }

        @Override
        public Chan<Void> done() {
            return NEVER;
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
            return key == CANCEL_NODE ? null : parent.value(key);
        }

        @Override
        public String toString() {
            return parent + ".WithoutCancel";
        }
    }

    /**
     * Go's {@code afterFuncCtx}: {@code once} is claimed either by the context being done, which
     * then starts {@code f}'s goroutine, or by {@link #stop}, which then unregisters the node and
     * ends a watcher goroutine through {@code stopped}.
     */
    private static final class AfterFuncNode implements Child, AfterFunc {
        private final Context ctx;
        private final SuspendableRunnable f;
        private final AtomicBoolean once = new AtomicBoolean();
        final Chan<Void> stopped = Chan.make();

        AfterFuncNode(Context ctx, SuspendableRunnable f) {
            this.ctx = ctx;
            this.f = f;
        }

        @Override
        public void parentDone(ContextException err, Throwable cause) {
            if (once.compareAndSet(false, true)) {
                Go.go(f);
            }
        }

        @Override
        public boolean stop() {
            if (!once.compareAndSet(false, true)) {
                return false;
            }
            removeChild(ctx, this);
            stopped.close();
            return true;
        }
    }
}
