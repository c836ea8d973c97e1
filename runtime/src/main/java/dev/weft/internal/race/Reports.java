package dev.weft.internal.race;

import dev.weft.internal.WeftClasses;
import dev.weft.internal.jfr.Recorder;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints data races in Go's shape, at once, and ends the program as Go's detector does.
 *
 * <pre>
 * ==================
 * WARNING: DATA RACE
 * Write at com.acme.Counter.n (object 0x1b6d3586) by goroutine 7:
 *   com.acme.Counter.inc()
 *       com/acme/Counter.java:14
 *
 * Previous read at com.acme.Counter.n (object 0x1b6d3586) by goroutine 6:
 *   com.acme.Counter.inc()
 *       com/acme/Counter.java:14
 *
 * Goroutine 7 (running) created at:
 *   com.acme.Main.main()
 *       com/acme/Main.java:9
 *
 * Goroutine 6 (finished) created at:
 *   ...
 * ==================
 * </pre>
 *
 * The stack of the access now is the thread's own, without weft's frames; the previous access
 * shows the frame of its code site (the detector keeps no history of calls), or
 * {@code [failed to restore the stack]} for an access the detector made up. A report is made at
 * most once per pair of code sites ({@code race.dedup=1}, the default). At exit the program
 * prints {@code Found N data race(s)} and exits with {@code race.exitcode} (66) if it would
 * otherwise have exited with 0; {@code race.halt_on_error=1} exits at the first report.
 */
public final class Reports {
    static final String SEPARATOR = "==================";
    private static final StackWalker WALKER = StackWalker.getInstance();
    /** How long the exit waits for the other shutdown hooks before it sets the status anyway. */
    private static final long HOOKS_TIMEOUT_NANOS = 30_000_000_000L;

    private static final RaceOptions options = RaceOptions.fromSystemProperties();
    private static final Set<Long> reportedPairs = new HashSet<>();
    private static int count;
    private static PrintStream out;
    /** The status the program asked to exit with (System.exit from application code), or 0. */
    private static volatile int requestedExit;

    static {
        if (RaceMode.ENABLED) {
            Runtime.getRuntime().addShutdownHook(new Thread(Reports::atExit, "weft-race-exit"));
        }
    }

    private Reports() {}

    /** Reports printed so far. */
    public static synchronized int count() {
        return count;
    }

    /** Application code called {@code System.exit(status)}: the exit keeps a non-zero status. */
    public static void exitRequested(int status) {
        requestedExit = status;
    }

    /** Prints a line of the detector's own where the reports go: {@code weft race: <what>}. */
    public static synchronized void note(String what) {
        PrintStream o = stream();
        o.println("weft race: " + what);
        o.flush();
    }

    static void race(Conflict c, Object object, int index) {
        String location = location(c.site() != Sites.NONE ? c.site() : c.previousSite(), object, index);
        String report;
        synchronized (Reports.class) {
            if (options.dedup()) {
                long a = Math.min(c.site(), c.previousSite());
                long b = Math.max(c.site(), c.previousSite());
                if (c.site() != Sites.NONE && !reportedPairs.add(a << 32 | b)) {
                    return;
                }
            }
            report = format(c, location, currentStack());
            count++;
            PrintStream o = stream();
            o.print(report);
            o.flush();
            if (options.haltOnError()) {
                Runtime.getRuntime().halt(options.exitCode()); // under the lock: no second report gets out
            }
        }
        Recorder.dataRace(location, c.by().goroutine, c.previousBy().goroutine, report);
    }

    static String format(Conflict c, String location, List<StackTraceElement> now) {
        StringBuilder b = new StringBuilder();
        b.append(SEPARATOR).append('\n').append("WARNING: DATA RACE").append('\n');
        b.append(c.write() ? "Write" : "Read").append(" at ").append(location).append(" by ").append(c.by().describe()).append(":\n");
        frames(b, now);
        b.append('\n');
        b.append(c.previousWrite() ? "Previous write" : "Previous read").append(" at ").append(location).append(" by ")
                .append(c.previousBy().describe()).append(":\n");
        StackTraceElement previous = Sites.frame(c.previousSite());
        if (previous == null) {
            b.append("  [failed to restore the stack]\n");
        } else {
            frames(b, List.of(previous));
        }
        for (Origin o : c.by() == c.previousBy() ? List.of(c.by()) : List.of(c.by(), c.previousBy())) {
            if (o.hasCreationSection()) {
                b.append('\n').append(o.title()).append(" created at:\n");
                if (o.createdAt == null || o.createdAt.length == 0) {
                    b.append("  [failed to restore the stack]\n");
                } else {
                    frames(b, List.of(o.createdAt));
                }
            }
        }
        b.append(SEPARATOR).append('\n');
        return b.toString();
    }

    /** Go's two lines a frame: {@code   pkg.Class.method()} and {@code       pkg/File.java:12}. */
    private static void frames(StringBuilder b, List<StackTraceElement> frames) {
        for (StackTraceElement f : frames) {
            b.append("  ").append(f.getClassName()).append('.').append(f.getMethodName()).append("()\n");
            b.append("      ").append(path(f)).append('\n');
        }
    }

    private static String path(StackTraceElement f) {
        String cls = f.getClassName();
        int dot = cls.lastIndexOf('.');
        String dir = dot < 0 ? "" : cls.substring(0, dot + 1).replace('.', '/');
        String file = f.getFileName() != null ? f.getFileName() : "Unknown Source";
        String p = dir + file + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : "");
        String strip = options.stripPathPrefix();
        return !strip.isEmpty() && p.startsWith(strip) ? p.substring(strip.length()) : p;
    }

    /** What was accessed, as the report names it. */
    private static String location(int site, Object object, int index) {
        String l = Sites.location(site);
        if (object == null) {
            return l == null ? "(unknown)" : l;
        }
        String id = "(object 0x" + Integer.toHexString(System.identityHashCode(object)) + ")";
        if (object.getClass().isArray()) {
            return object.getClass().getComponentType().getTypeName() + "[] element " + index + " " + id;
        }
        return (l == null ? object.getClass().getName() : l) + " " + id;
    }

    /** The stack of the current thread, innermost first, without weft's frames and those it adds to application classes. */
    static List<StackTraceElement> currentStack() {
        return WALKER.walk(s -> s.filter(f -> !hidden(f.getClassName(), f.getMethodName()))
                .map(StackWalker.StackFrame::toStackTraceElement).collect(Collectors.toList()));
    }

    /** A goroutine's or thread's creation stack: the caller of weft's frames, at most 32 frames. */
    static StackTraceElement[] creationStack() {
        List<StackTraceElement> s = WALKER.walk(st -> st.filter(f -> !WeftClasses.isWeft(f.getClassName())
                        && !hidden(f.getClassName(), f.getMethodName()))
                .map(StackWalker.StackFrame::toStackTraceElement).collect(Collectors.toList()));
        return s.subList(0, Math.min(32, s.size())).toArray(new StackTraceElement[0]);
    }

    /**
     * Frames a report leaves out: weft's internals, the wrappers its API runs a body in (a lambda
     * of {@code Go.run}, {@code WaitGroup.go}), the methods race mode adds, and Thread's own.
     * Weft's API methods stay: a race on a channel shows the {@code Chan.close} that wrote it.
     */
    private static boolean hidden(String className, String method) {
        return className.startsWith("dev.weft.internal.")
                || (WeftClasses.isApi(className) && method.startsWith("lambda$"))
                || method.startsWith("weft$") || className.equals("java.lang.Thread");
    }

    private static PrintStream stream() {
        if (out == null) {
            String p = options.logPath();
            if (p == null || p.equals("stderr")) {
                out = System.err;
            } else if (p.equals("stdout")) {
                out = System.out;
            } else {
                try {
                    out = new PrintStream(new FileOutputStream(p + "." + ProcessHandle.current().pid(), true), true, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    System.err.println("weft race: cannot write to " + p + "." + ProcessHandle.current().pid() + " (" + e.getMessage()
                            + "); reporting to stderr");
                    out = System.err;
                }
            }
        }
        return out;
    }

    /**
     * The JVM's shutdown hooks (the map {@code java.lang.ApplicationShutdownHooks} keeps them in),
     * when the agent could open it to weft: at exit, the status is set only once they have all
     * run, so that a flight recording or an application's hook finishes first.
     */
    private static volatile Map<?, ?> shutdownHooks;

    /** Called by the agent, which has opened {@code java.lang} to weft, before any hook can run. */
    public static void watchShutdownHooks() {
        try {
            Field f = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
            f.setAccessible(true);
            shutdownHooks = (Map<?, ?>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a JDK that keeps them elsewhere: the status is set without waiting for them
        }
    }

    private static void atExit() {
        int n = count();
        if (n == 0) {
            return;
        }
        synchronized (Reports.class) {
            PrintStream o = stream();
            o.println("Found " + n + " data race(s)");
            o.flush();
        }
        if (requestedExit == 0) {
            awaitOtherHooks();
            Runtime.getRuntime().halt(options.exitCode());
        }
    }

    private static void awaitOtherHooks() {
        Map<?, ?> hooks = shutdownHooks;
        if (hooks != null) {
            awaitHooks(hooks.keySet().toArray(), System.nanoTime() + HOOKS_TIMEOUT_NANOS);
        }
    }

    /**
     * Waits until every hook thread in {@code hooks} but this one has ended, or until
     * {@code deadline}. The JDK starts the hooks one after another, so a hook may not have started
     * yet when this one looks: it waits for it to start rather than taking it for finished, as
     * {@link Thread#join} would.
     */
    static void awaitHooks(Object[] hooks, long deadline) {
        for (Object k : hooks) {
            if (!(k instanceof Thread t) || t == Thread.currentThread()) {
                continue;
            }
            try {
                while (t.getState() == Thread.State.NEW) {
                    if (System.nanoTime() - deadline >= 0) {
                        return;
                    }
                    Thread.sleep(1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                t.join(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
