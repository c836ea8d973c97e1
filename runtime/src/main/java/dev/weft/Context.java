package dev.weft;

import dev.weft.internal.context.Contexts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values,
 * passed down a tree of goroutines. A context is done when it is canceled, its deadline
 * passes, or its parent is done; {@link #done} is then closed and {@link #err} says why. Both
 * answer the same object on every call.
 */
public interface Context {
    /** The root: never done, no deadline, no values. Its {@code done()} never closes. */
    static Context background() {
        return Contexts.background();
    }

    /** A child that is done when {@code cancel} is called or the parent is done. */
    static CancelableContext withCancel(Context parent) {
        return Contexts.withCancel(parent);
    }

    /** {@code withDeadline(parent, now + timeout)}. */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return Contexts.withTimeout(parent, timeout);
    }

    /** A child that is also done at {@code deadline} (or the parent's, if earlier). */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return Contexts.withDeadline(parent, deadline);
    }

    /** A child carrying {@code value} under {@code key} (keys compared with {@code equals}). */
    static Context withValue(Context parent, Object key, Object value) {
        return Contexts.withValue(parent, key, value);
    }

    /**
     * Go 1.21's {@code context.WithoutCancel}: a context with {@code parent}'s values that is
     * never done, whatever happens to {@code parent}, and has no deadline.
     */
    static Context withoutCancel(Context parent) {
        return Contexts.withoutCancel(parent);
    }

    /**
     * Go 1.21's {@code context.AfterFunc}: once {@code ctx} is done, runs {@code f} once in its
     * own goroutine (at once if {@code ctx} is already done). A context that can never be done
     * never runs it. {@link AfterFunc#stop} keeps it from running.
     */
    static AfterFunc afterFunc(Context ctx, SuspendableRunnable f) {
        return Contexts.afterFunc(ctx, f);
    }

    /** A channel closed when this context is done; never null, never sent on. */
    Chan<Void> done();

    /** Null while not done; then {@link CanceledException} or {@link DeadlineExceededException}. */
    Throwable err();

    Optional<Instant> deadline();

    /** The value for {@code key} here or in the nearest ancestor that has one, or null. */
    Object value(Object key);

    /**
     * Go 1.20's {@code context.Cause}: why this context is done. The cause given to the first
     * {@link CancelableContext#cancel(Throwable)} of it or of the ancestor whose cancellation
     * reached it; a {@link DeadlineExceededException} when its deadline passed; otherwise
     * {@link #err}. Null while it is not done.
     */
    default Throwable cause() {
        return Contexts.cause(this);
    }
}
