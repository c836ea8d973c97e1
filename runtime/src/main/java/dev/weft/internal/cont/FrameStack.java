package dev.weft.internal.cont;

import java.util.Arrays;

/**
 * The saved frames of one parked continuation, and the flags of the resume protocol: the part of
 * a {@link Continuation} that rewritten code sees. It is the continuation's superclass rather
 * than an object of its own, so a parked goroutine is one object fewer (a header and two
 * references, some 20 bytes of each of a million parked goroutines); {@link Continuation} is
 * its only subclass in use, tests aside.
 *
 * <p>Layout. Two growable arrays: {@code prims} holds every primitive (ints, floats and
 * doubles by their raw bits) and one record word per frame, {@code refs} holds references and
 * one record reference per frame. A frame that unwinds pushes its operand-stack values, then
 * its live locals, then its record; when it resumes it pops them in the opposite order. Frames
 * unwind innermost first and resume outermost first, so the whole stack is a plain LIFO.
 * A record is, on top of {@code prims}, one word of four 16-bit fields: the method id, the
 * resume index, and how many primitives and references the frame saved below it; on top of
 * {@code refs}, the frame's class. A method id is the method's ordinal among the rewritten
 * methods of its class (its index in the class's {@link Woven#value}), so (class, method id)
 * names exactly one method. Sixteen bits hold any of them: a class has at most 65,535
 * methods, a method fewer call sites than its 65,535 bytes of code, and a frame no more values
 * than its locals and stack, whose sum is checked. Resuming checks that the frame reading a
 * record is the method that wrote it; {@link #savedFrames} walks the records down to describe
 * a parked stack.
 *
 * <p>Invariants. While the continuation runs, both arrays are empty: every live frame is on the
 * JVM stack. They hold values only between an unwind and the matching resume. A popped
 * reference slot is always nulled, so a stack never keeps garbage reachable.
 *
 * <p>Protocol (rewritten code calls these; the instrumenter names them in its {@code Names}).
 * <ul>
 *   <li>{@link #token} and {@link #callee}: before a suspension-point call, a frame that can
 *       unwind <em>arms</em> the call: the token is the {@link Tokens} int of the callee's name and
 *       descriptor, unique to it in this JVM (two different names never match, whatever their
 *       hashes); {@code callee} is the receiver of an instance call. {@link #enter} consumes them: a method
 *       entered without a token for its own name and descriptor (or, for a lambda body, for its
 *       functional-interface method; for a bridged method, its bridge), or as an instance method
 *       on another receiver, was reached through a frame that cannot unwind (a method that was
 *       not rewritten, reflection, a proxy), so every park below it pins. Lambda proxies and
 *       bridges, which forward without running code, stand transparently between the two.
 *   <li>{@link #unwinding}: set by {@link Continuation#park} when it unwinds; each rewritten
 *       frame sees it after its call returns, saves itself and returns; the continuation's
 *       runner clears it.
 *   <li>{@link #resuming}: set by the runner before it re-invokes the entry; each rewritten
 *       frame sees it on entry and jumps to its call site; the innermost {@code park} clears it.
 * </ul>
 *
 * <p>Only the thread running the continuation touches a frame stack; no field needs ordering.
 */
public class FrameStack {
    /**
     * First sizes, grown by doubling from none: a goroutine parked a few calls deep in a channel
     * receive saves about one primitive and two references a frame, and a million of them park
     * at once. A continuation that never parks never has arrays of its own.
     */
    private static final int INITIAL_PRIMS = 8;
    private static final int INITIAL_REFS = 12;
    private static final int FIELD = 0xFFFF;
    /** A stack larger than this is not kept for reuse, so one deep recursion does not pin memory. */
    private static final int POOLED_MAX_SLOTS = 1024;

    private static final ThreadLocal<FrameStack> PLAIN = new ThreadLocal<>();
    private static final long[] NO_PRIMS = {};
    private static final Object[] NO_REFS = {};

    /** The {@link Tokens} token of the method the last armed call was made to; 0 when not armed. */
    public int token;
    /** The receiver an armed instance call was made on; null for a static call. */
    public Object callee;
    public boolean unwinding;
    public boolean resuming;
    /**
     * Set by the scheduler's monitor (another thread) when the goroutine has run too long;
     * rewritten loops test it at each back-edge and yield. Volatile so the test is not hoisted
     * out of the loop.
     */
    public volatile boolean preempt;

    private long[] prims = NO_PRIMS;
    private Object[] refs = NO_REFS;
    private int primTop;
    private int refTop;
    /** While unwinding: where the values of the frame being saved now begin, just above the last record. */
    private int primBase;
    private int refBase;

    FrameStack() {
    }

    /** The frame stack of the continuation running on this thread, or null outside one. */
    public static FrameStack current() {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            return ((Carrier) t).frames;
        }
        return PLAIN.get();
    }

    /** Makes {@code s} this thread's current frame stack; returns the one it replaces. */
    static FrameStack bind(FrameStack s) {
        Thread t = Thread.currentThread();
        if (t instanceof Carrier) {
            Carrier c = (Carrier) t;
            FrameStack previous = c.frames;
            c.frames = s;
            return previous;
        }
        // set(null) rather than remove(): removing clears the map entry's weak reference, a
        // native call, on every run of a continuation on this thread.
        FrameStack previous = PLAIN.get();
        PLAIN.set(s);
        return previous;
    }

    /**
     * Called on entry to every rewritten method: consumes the caller's arming and answers this
     * thread's frame stack if the method can unwind (its caller armed the call for it), or null
     * (outside a continuation, or reached through a frame that cannot unwind).
     *
     * @param name the token of the method's own name and descriptor
     * @param alt  another accepted token: a lambda body's functional-interface method, a
     *             bridged method's bridge; {@code name} otherwise
     * @param self the receiver of an instance method, which must be the armed callee; null for
     *             static methods and lambda bodies (reached through a proxy of another class)
     */
    public static FrameStack enter(int name, int alt, Object self) {
        FrameStack s = current();
        if (s == null) {
            return null;
        }
        int t = s.token;
        s.token = 0;
        return (t == name || t == alt) && (self == null || s.callee == self) ? s : null;
    }

    /**
     * Called on entry to a rewritten method that finds {@link #resuming} set: pops the frame's
     * record and answers the call site to resume at. A mismatch means the frames being resumed
     * are not the ones that unwound; going on would run code twice or skip it, so it fails.
     *
     * @param owner    the class declaring the method, which its record names
     * @param methodId the method's ordinal among its class's rewritten methods
     */
    public int resumeIndex(Class<?> owner, int methodId) {
        if (primTop < 1 || refTop < 1) {
            throw corrupt("a frame that cannot unwind stands where a rewritten frame was saved");
        }
        long record = prims[--primTop];
        if ((int) (record >>> 48) != methodId || refs[refTop - 1] != owner) {
            throw corrupt("resumed a different method than the one that unwound");
        }
        refs[--refTop] = null;
        // The next unwind starts from an empty stack, once the innermost frame is popped.
        primBase = 0;
        refBase = 0;
        return (int) (record >>> 32) & FIELD;
    }

    /** Pushes the record of a frame that has saved its values; see {@link #resumeIndex} for the arguments. */
    public void pushRecord(Class<?> owner, int methodId, int resumeIndex) {
        int savedPrims = primTop - primBase;
        int savedRefs = refTop - refBase;
        if ((savedPrims | savedRefs | methodId | resumeIndex) > FIELD) {
            throw new IllegalStateException("weft: a frame of " + owner.getName() + " saves more than " + FIELD
                    + " values (" + savedPrims + " primitives, " + savedRefs + " references) and cannot park");
        }
        pushPrim((long) methodId << 48 | (long) resumeIndex << 32 | (long) savedPrims << 16 | savedRefs);
        pushRef(owner, this);
        primBase = primTop;
        refBase = refTop;
    }

    /** A saved frame, as {@link #savedFrames} describes it. */
    public record SavedFrame(Class<?> owner, int methodId, int resumeIndex) {
    }

    /**
     * The saved frames, outermost first. Only meaningful while the continuation is parked;
     * the caller must make sure it stays parked while this runs.
     */
    public java.util.List<SavedFrame> savedFrames() {
        java.util.List<SavedFrame> frames = new java.util.ArrayList<>();
        int p = primTop;
        int r = refTop;
        while (p >= 1 && r >= 1) {
            long record = prims[p - 1];
            frames.add(new SavedFrame((Class<?>) refs[r - 1], (int) (record >>> 48), (int) (record >>> 32) & FIELD));
            p -= 1 + ((int) (record >>> 16) & FIELD);
            r -= 1 + ((int) record & FIELD);
        }
        return frames;
    }

    /** Thrown by a rewritten method whose resume index is out of range. */
    public static IllegalStateException badResumeIndex() {
        return corrupt("resume index out of range");
    }

    private static IllegalStateException corrupt(String what) {
        return new IllegalStateException("weft: corrupt continuation state: " + what
                + " (a class changed between park and resume, or was woven twice inconsistently)");
    }

    // Saving. Static, value first: rewritten code pushes an operand-stack value by loading the
    // stack and calling, without shuffling the value into a local.

    public static void pushInt(int v, FrameStack s) {
        s.pushPrim(v);
    }

    public static void pushFloat(float v, FrameStack s) {
        s.pushPrim(Float.floatToRawIntBits(v));
    }

    public static void pushLong(long v, FrameStack s) {
        s.pushPrim(v);
    }

    public static void pushDouble(double v, FrameStack s) {
        s.pushPrim(Double.doubleToRawLongBits(v));
    }

    public static void pushRef(Object v, FrameStack s) {
        if (s.refTop == s.refs.length) {
            s.refs = Arrays.copyOf(s.refs, Math.max(INITIAL_REFS, s.refs.length * 2));
        }
        s.refs[s.refTop++] = v;
    }

    private void pushPrim(long v) {
        if (primTop == prims.length) {
            prims = Arrays.copyOf(prims, Math.max(INITIAL_PRIMS, prims.length * 2));
        }
        prims[primTop++] = v;
    }

    // Restoring.

    public int popInt() {
        return (int) prims[--primTop];
    }

    public float popFloat() {
        return Float.intBitsToFloat((int) prims[--primTop]);
    }

    public long popLong() {
        return prims[--primTop];
    }

    public double popDouble() {
        return Double.longBitsToDouble(prims[--primTop]);
    }

    public Object popRef() {
        Object v = refs[--refTop];
        refs[refTop] = null;
        return v;
    }

    /** True when no frame is saved. */
    boolean isEmpty() {
        return primTop == 0 && refTop == 0;
    }

    /** Saved words, for tests and dumps: primitives plus references (0 unless parked). */
    public int savedSlots() {
        return primTop + refTop;
    }

    /**
     * Takes a pair of arrays from this thread's pool, if it has one, for a continuation about to
     * run for the first time: a short-lived goroutine that parks then allocates none.
     */
    void adoptPooledArrays() {
        FramePool.lendTo(this);
    }

    /** Called by {@link FramePool} with a pair it lends: {@code refs} holds only nulls. */
    void useArrays(long[] prims, Object[] refs) {
        this.prims = prims;
        this.refs = refs;
    }

    /**
     * Drops every saved value and gives the arrays to this thread's pool, once the continuation
     * has ended; arrays grown past {@link #POOLED_MAX_SLOTS} go to the collector instead, so one
     * deep recursion does not pin memory.
     */
    void releaseArrays() {
        java.util.Arrays.fill(refs, 0, refTop, null);
        primTop = 0;
        refTop = 0;
        primBase = 0;
        refBase = 0;
        callee = null;
        if (prims.length != 0 && prims.length <= POOLED_MAX_SLOTS && refs.length <= POOLED_MAX_SLOTS) {
            FramePool.give(prims, refs);
        }
        prims = NO_PRIMS;
        refs = NO_REFS;
    }
}
