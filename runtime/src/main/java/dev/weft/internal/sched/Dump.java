package dev.weft.internal.sched;

import dev.weft.internal.CallSites;
import dev.weft.internal.WeftClasses;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.cont.FrameStack;
import dev.weft.internal.cont.Woven;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Goroutine dumps in Go's format: for each goroutine a header
 * {@code goroutine 7 [chan receive, 2 minutes]:}, its logical stack (each frame a function line
 * and a tab-indented {@code File.java:line}), then {@code created by ... in goroutine N}.
 *
 * <p>A parked goroutine's stack is read from its saved frames without resuming it (the woven
 * class's {@link Woven} marker names each method and each suspension point's line); a running
 * or pinned one's from its carrier thread.
 */
final class Dump {
    private Dump() {}

    static String all(Scheduler sched) {
        List<G> gs = sched.all.snapshot();
        gs.sort(Comparator.comparingLong(g -> g.id));
        StringBuilder b = new StringBuilder();
        G self = G.current();
        for (G g : gs) {
            if (b.length() > 0) {
                b.append('\n');
            }
            one(b, g, g == self);
        }
        return b.toString();
    }

    /** The dump of one goroutine: its header, stack and creation lines. */
    static String one(G g) {
        StringBuilder b = new StringBuilder();
        one(b, g, g == G.current());
        return b.toString();
    }

    private static void one(StringBuilder b, G g, boolean self) {
        int state = g.state();
        b.append("goroutine ").append(g.id).append(" [");
        if (state == G.RUNNING || self) {
            b.append("running");
        } else {
            b.append(g.reason);
            if (state == G.PINNED) {
                b.append(", pinned");
            }
            long minutes = state == G.WAITING || state == G.PINNED
                    ? (System.nanoTime() - g.waitSince) / 60_000_000_000L : 0;
            if (minutes > 0) {
                b.append(", ").append(minutes).append(minutes == 1 ? " minute" : " minutes");
            }
        }
        b.append("]:\n");
        if (self) {
            thread(b, Thread.currentThread().getStackTrace());
        } else if (state == G.RUNNING || state == G.PINNED) {
            M m = g.m;
            if (m != null) {
                thread(b, m.getStackTrace());
            }
        } else {
            saved(b, g);
        }
        appendCreatedBy(b, g);
    }

    private static void thread(StringBuilder b, StackTraceElement[] stack) {
        boolean started = false;
        for (StackTraceElement e : stack) {
            if (!started) {
                started = !e.getClassName().equals(Thread.class.getName()) && !e.getClassName().equals(Dump.class.getName());
                if (!started) {
                    continue;
                }
            }
            if (isSchedulerFrame(e)) {
                break;
            }
            appendFrame(b, e);
        }
    }

    /**
     * The saved frames of a goroutine that is not running. It may be resumed while this reads
     * them (a dump does not stop the world), so a torn read is possible: it is reported, never
     * thrown.
     */
    private static void saved(StringBuilder b, Continuation c) {
        StringBuilder frames = new StringBuilder();
        try {
            List<FrameStack.SavedFrame> saved = c.savedFrames();
            for (int i = saved.size() - 1; i >= 0; i--) {
                FrameStack.SavedFrame f = saved.get(i);
                if (f.owner() == null) {
                    throw new IllegalStateException("torn frame");
                }
                appendFrame(frames, describe(f));
            }
            b.append(frames);
        } catch (RuntimeException e) {
            b.append("\t[stack changed while dumping]\n");
        }
    }

    /**
     * The innermost frame outside weft of a parked goroutine's saved stack, as
     * {@link CallSites#describe} writes it, or null if it is not parked, has no such frame, or
     * was resumed while this read it. Cached per frame and resume point: a flight recording asks
     * on every park.
     */
    static String innermostApplicationSite(G g) {
        try {
            List<FrameStack.SavedFrame> saved = g.savedFrames();
            for (int i = saved.size() - 1; i >= 0; i--) {
                FrameStack.SavedFrame f = saved.get(i);
                if (f.owner() == null) {
                    return null; // torn: resumed meanwhile
                }
                if (!IS_WEFT.get(f.owner())) {
                    return SITES.get(f.owner()).computeIfAbsent(f.methodId() << 16 | f.resumeIndex(),
                            k -> CallSites.describe(describe(f)));
                }
            }
            return null;
        } catch (RuntimeException e) {
            return null; // torn: resumed meanwhile
        }
    }

    private static final ClassValue<Boolean> IS_WEFT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            return WeftClasses.isWeft(c.getName());
        }
    };

    private static final ClassValue<Map<Integer, String>> SITES = new ClassValue<>() {
        @Override
        protected Map<Integer, String> computeValue(Class<?> c) {
            return new ConcurrentHashMap<>();
        }
    };

    /** Names a saved frame from its class's {@link Woven} marker. */
    private static StackTraceElement describe(FrameStack.SavedFrame f) {
        Class<?> owner = f.owner();
        String method = "?";
        int line = -1;
        Woven w = owner.getAnnotation(Woven.class);
        int i = f.methodId();
        if (w != null && i >= 0 && i < w.value().length) {
            // A method id is the method's index in its class's marker.
            method = w.value()[i].substring(0, w.value()[i].indexOf('('));
            if (i < w.lines().length) {
                String[] lines = w.lines()[i].split(",");
                if (f.resumeIndex() < lines.length) {
                    line = Integer.parseInt(lines[f.resumeIndex()]);
                }
            }
        }
        return new StackTraceElement(owner.getName(), method, sourceFile(owner), line);
    }

    private static String sourceFile(Class<?> c) {
        Class<?> top = c;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        return top.getSimpleName() + ".java";
    }

    static boolean isSchedulerFrame(StackTraceElement e) {
        return e.getClassName().equals(Continuation.class.getName()) && e.getMethodName().equals("run");
    }

    static void appendFrame(StringBuilder b, StackTraceElement e) {
        String c = e.getClassName();
        if (WeftClasses.isWeft(c) && (!WeftClasses.isApi(c) || e.getMethodName().startsWith("lambda$"))) {
            return; // the runtime's plumbing (parking, the wrappers of Go.run): shows the blocking call only
        }
        b.append(e.getClassName()).append('.').append(e.getMethodName()).append("(...)\n\t")
                .append(e.getFileName() == null ? "?" : e.getFileName());
        if (e.getLineNumber() >= 0) {
            b.append(':').append(e.getLineNumber());
        }
        b.append('\n');
    }

    static void appendCreatedBy(StringBuilder b, G g) {
        if (g.run != null && g.run.main == g) {
            return;
        }
        b.append("created by ");
        if (g.createdAt != null) {
            b.append(g.createdAt.getClassName()).append('.').append(g.createdAt.getMethodName());
        } else {
            b.append(g.bodyClass.getName().replaceFirst("\\$\\$Lambda.*", ""));
        }
        if (g.parentId != 0) {
            b.append(" in goroutine ").append(g.parentId);
        }
        b.append('\n');
        if (g.createdAt != null) {
            b.append('\t').append(g.createdAt.getFileName()).append(':').append(g.createdAt.getLineNumber()).append('\n');
        }
    }
}
