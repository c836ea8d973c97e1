package dev.weft.internal.cont;

import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;

/**
 * A body that runs until it parks and can be resumed later: the primitive goroutines are made of.
 *
 * <p>{@link #run} runs the body (the first time) or resumes it (afterwards) on the calling
 * thread, and returns when the body parks or ends. {@link #park}, called anywhere below the
 * body through rewritten frames, unwinds them into the continuation's {@link FrameStack} and
 * makes {@code run} return; the next {@code run} re-invokes the body, each rewritten frame
 * jumps to its call site and restores itself, and {@code park} returns to its caller.
 *
 * <p>When a frame between the body and {@code park} cannot unwind (see {@link Pinning}), or
 * the body holds a {@code java.util.concurrent} lock that belongs to this thread
 * ({@link HeldLocks}), {@code park} pins instead: it hands the park to {@link PinnedPark} on the
 * same thread, which blocks until the continuation may go on, and then returns to its caller.
 *
 * <p>States: NEW, then RUNNING and PARKED alternating, then DONE. Only one thread runs a
 * continuation at a time; the one that calls {@code run} owns it until {@code run} returns.
 */
public class Continuation extends FrameStack {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int PARKED = 2;
    private static final int DONE = 3;

    /** The arming of {@code body.run()}: {@code run()V} on the body. */
    private static final int RUN_TOKEN = Tokens.of("run()V");
    /** What a rewritten caller of {@link #park} arms. */
    private static final int PARK_TOKEN = Tokens.of("park()V");

    /** Dropped when the body ends, so that an ended continuation keeps nothing it captured. */
    private SuspendableRunnable body;
    private final PinnedPark pinnedPark;
    /** Where the pinned park in progress could not unwind (see {@link #pinnedAt}); else null. */
    private String pinnedAt;
    private int state = NEW;
    private int pins;
    /** The j.u.c locks the body holds, from its first lock until it ends; null before. */
    HeldLocks locks;

    /** A continuation whose pinned parks return at once, as a yield that could not leave. */
    public Continuation(SuspendableRunnable body) {
        this(body, PinnedPark.RETURN_AT_ONCE);
    }

    public Continuation(SuspendableRunnable body, PinnedPark pinnedPark) {
        if (body == null || pinnedPark == null) {
            throw new NullPointerException("body and pinnedPark must not be null");
        }
        this.body = body;
        this.pinnedPark = pinnedPark;
    }

    /**
     * Runs or resumes the body on this thread until it parks or ends.
     *
     * @return true when the body has ended, false when it parked
     * @throws IllegalStateException if the continuation has ended or is running
     * @throws Exception whatever the body throws, unchanged (the continuation has then ended)
     */
    public boolean run() {
        if (state == DONE || state == RUNNING) {
            throw new IllegalStateException(state == DONE ? "continuation has ended" : "continuation is running");
        }
        if (state == NEW) {
            adoptPooledArrays();
        }
        resuming = state == PARKED;
        token = RUN_TOKEN;
        callee = body;
        state = RUNNING;
        FrameStack outer = FrameStack.bind(this);
        try {
            body.run();
        } catch (Throwable t) {
            end();
            throw Sneaky.rethrow(t);
        } finally {
            FrameStack.bind(outer);
        }
        if (unwinding) {
            unwinding = false;
            state = PARKED;
            return false;
        }
        if (resuming) {
            end();
            throw new IllegalStateException("weft: the body returned without reaching the park it resumed"
                    + " (a frame between them was not rewritten when it resumed)");
        }
        end();
        return true;
    }

    private void end() {
        state = DONE;
        body = null;
        locks = null;
        releaseArrays();
    }

    public boolean isDone() {
        return state == DONE;
    }

    /** How many of this continuation's parks pinned instead of unwinding. */
    public int pins() {
        return pins;
    }

    /**
     * During a pinned park, the method to annotate: the frame nearest the park that could not
     * unwind, or where the held lock that pins it was taken; null if it was not looked for
     * (neither warnings, strict mode nor a recording asked) or not found.
     */
    public String pinnedAt() {
        return pinnedAt;
    }

    /**
     * The saved frames, outermost first, while parked; empty otherwise. The caller must keep
     * the continuation parked while this runs (a dump reads a waiting goroutine's frames).
     */
    public java.util.List<FrameStack.SavedFrame> savedFrames() {
        return state != PARKED ? java.util.List.of() : super.savedFrames();
    }

    /** Asks the running body to yield at its next loop back-edge (from any thread). */
    public void requestPreempt() {
        preempt = true;
    }

    /** Clears this thread's continuation's preemption request; answers whether one was pending. */
    public static boolean clearPreempt() {
        FrameStack s = FrameStack.current();
        if (s == null || !s.preempt) {
            return false;
        }
        s.preempt = false;
        return true;
    }

    /** The record of the j.u.c locks the body holds, made on first use. Only the running thread. */
    HeldLocks locks() {
        HeldLocks h = locks;
        if (h == null) {
            h = locks = new HeldLocks();
        }
        return h;
    }

    /**
     * Whether this thread's continuation holds a {@code java.util.concurrent} lock that rewritten
     * code took: every park of it pins until it is released. False outside a continuation.
     */
    public static boolean holdsLocks() {
        FrameStack s = FrameStack.current();
        return s != null && ((Continuation) s).holdsLocksNow();
    }

    private boolean holdsLocksNow() {
        HeldLocks h = locks;
        return h != null && !h.isEmpty();
    }

    /** The continuation running on this thread, or null. */
    public static Continuation current() {
        FrameStack s = FrameStack.current();
        return (Continuation) s;
    }

    /**
     * Parks the running continuation: its {@link #run} returns false, and the next {@code run}
     * returns here. Written by hand to the protocol the instrumenter generates, as the one leaf
     * every park ends in.
     *
     * @throws IllegalStateException outside a continuation
     */
    @Suspendable
    public static void park() {
        FrameStack s = FrameStack.current();
        if (s == null) {
            throw new IllegalStateException("weft: park outside a continuation");
        }
        int token = s.token;
        s.token = 0;
        if (s.resuming) {
            // The chain above re-invoked us: this is where the body parked, so it goes on.
            s.resuming = false;
            if (token != PARK_TOKEN || !s.isEmpty()) {
                throw new IllegalStateException("weft: corrupt continuation state: resumed into a park"
                        + " that did not unwind, or with frames left unrestored");
            }
            return;
        }
        Continuation c = (Continuation) s;
        if (token != PARK_TOKEN || c.holdsLocksNow()) {
            // Unarmed: the caller cannot unwind (it was not rewritten, or holds a monitor...).
            // Or armed, but a held j.u.c lock is this thread's: the goroutine must stay on it.
            c.pins++;
            try {
                c.pinnedAt = Pinning.pinned(c.locks);
            } catch (dev.weft.PinnedError e) {
                c.pinnedPark.abandon(c);
                throw e;
            }
            c.pinnedPark.park(c);
            c.pinnedAt = null;
            return;
        }
        s.unwinding = true;
    }
}
