package dev.weft.instrument;

import dev.weft.SuspendableRunnable;
import dev.weft.internal.cont.Carrier;
import dev.weft.internal.cont.Continuation;
import dev.weft.PinnedError;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Runs the instrumenter's corpus ({@code dev.weft.instrument.corpus}) twice and compares: once
 * as compiled (the plain run), once woven and driven by a {@link Continuation} (the woven run).
 *
 * <p><b>Loaders.</b> Each run defines the whole corpus package afresh in a child-first
 * {@link CorpusLoader}: the plain run from the original bytes, the woven run from what the
 * {@link Weaver} produced (or the original bytes of a class it left unchanged). Everything else
 * (the runtime, the JDK) comes from the test class path. A fresh loader per run means static
 * state (the {@code Probe} trace, static initializers that log their order) starts clean in both
 * runs, so their traces are comparable.
 *
 * <p><b>The body.</b> Both runs call the scenario through a generated class in the corpus
 * package, {@code Entry}, a {@code SuspendableRunnable} whose {@code run()} is
 * {@code result = Owner.scenario();} (see {@link #entryBytes}); the woven run weaves it like the
 * rest. So the scenario is reached as a goroutine's code is, from a rewritten body through an
 * ordinary suspension point, and the harness depends on no detail of the resume protocol.
 *
 * <p><b>The plain run</b> calls {@code Entry.run()} outside any continuation: {@code Probe.point()}
 * does nothing there. <b>The woven run</b> runs it as {@code new Continuation(entry)} and loops
 * {@code while (!c.run())} under a park policy: NEVER, ALWAYS, or RANDOM with a seed.
 *
 * <p><b>What a check asserts</b> for every policy: the same result string and {@code Probe}
 * trace as the plain run; the same escaping exception (class name, message, and the corpus
 * frames of its stack trace as class, method, line); every {@code Probe} park either unwound
 * ({@code run()} returned false) or pinned, nothing else. For a scenario expected to
 * {@link Expect#UNWIND}: no pins, and under ALWAYS at least one park that unwound, so the check
 * cannot pass without exercising the rewrite. For one expected to {@link Expect#PIN}: under
 * ALWAYS at least one pin and at least one park that unwound (every pinning scenario also parks
 * outside the pinning frame), and with {@code -Dweft.strict=true} a {@link PinnedError}.
 *
 * <p>Each woven run also checks that whenever the continuation is parked it has saved something
 * ({@code savedSlots() > 0}). RANDOM runs happen on a {@link Carrier}, the others on a plain
 * thread, so both ways rewritten code finds its frame stack are exercised.
 *
 * <p>Every run happens on a fresh daemon thread with a 512 MiB stack (deep recursion: the woven
 * run re-invokes the whole chain on every resume) and is bounded in time and in resumes, so a
 * broken rewrite fails instead of hanging.
 */
final class CorpusHarness {
    static final String PACKAGE = "dev.weft.instrument.corpus";
    static final long MAX_RESUMES = 10_000_000L;
    static final long STACK_SIZE = 512L << 20;
    static final long RUN_TIMEOUT_MILLIS = 120_000;

    /** The policies every check runs under; RANDOM once per seed. */
    static final List<Policy> DEFAULT_POLICIES = List.of(
            new Policy("NEVER", 0), new Policy("ALWAYS", 0),
            new Policy("RANDOM", 1), new Policy("RANDOM", 7), new Policy("RANDOM", 42));

    /** What a scenario's parks should do in the woven run. */
    enum Expect {
        /** Every park unwinds the continuation: no frame between the body and the park is un-rewritten. */
        UNWIND,
        /** Some parks pin: a frame that cannot unwind stands between the body and the park. */
        PIN
    }

    /** A park policy for {@code Probe}: NEVER, ALWAYS, or RANDOM with a seed. */
    record Policy(String name, long seed) {
        @Override
        public String toString() {
            return name.equals("RANDOM") ? "RANDOM(seed " + seed + ")" : name;
        }
    }

    /**
     * What one run of a scenario did.
     *
     * @param result     the scenario's return value, or null if it threw
     * @param trace      what the scenario logged with {@code Probe.log}
     * @param thrown     the exception that escaped the scenario, or null
     * @param probeParks how many times {@code Probe.point()} called park (in the woven run: in the
     *                   harness's continuation, not in ones the scenario runs itself)
     * @param unwinds    how many times the continuation's {@code run()} returned false (0 in the plain run)
     * @param pins       the continuation's {@code pins()} (0 in the plain run)
     * @param emptyParks how many times the continuation was parked with {@code savedSlots() == 0}: never right,
     *                   since at least the frame that called park saved its record
     */
    record Outcome(String result, String trace, Throwable thrown, int probeParks, long unwinds, int pins,
            long emptyParks) {
        String behaviour() {
            return "result=" + result + "\n  trace=" + trace + "\n  thrown=" + describe(thrown);
        }
    }

    /** One corpus class: its original bytes and what the weaver made of them (or how weaving failed). */
    record CorpusClass(String name, byte[] original, WeaveResult result, Throwable weaveFailure) {
        /** The bytes the woven run defines: the rewritten class, or the original if left unchanged. */
        byte[] wovenBytes() {
            return result != null && result.bytes() != null ? result.bytes() : original;
        }

        boolean changed() {
            return result != null && result.bytes() != null;
        }
    }

    private static Map<String, CorpusClass> corpus;
    private static Weaver weaver;
    private static final Map<String, byte[]> wovenEntries = new java.util.HashMap<>();

    /** The generated body of each run: see {@link #entryBytes}. */
    static final String ENTRY = PACKAGE + ".Entry";

    private CorpusHarness() {}

    /** Every class of the corpus package, woven once per JVM, by binary name. */
    static synchronized Map<String, CorpusClass> corpus() {
        if (corpus == null) {
            Weaver weaver = weaver();
            Map<String, CorpusClass> all = new TreeMap<>();
            for (Map.Entry<String, byte[]> e : readCorpusBytes().entrySet()) {
                WeaveResult result = null;
                Throwable failure = null;
                try {
                    result = weaver.weave(e.getValue());
                } catch (RuntimeException | LinkageError | AssertionError ex) {
                    failure = ex;
                }
                all.put(e.getKey(), new CorpusClass(e.getKey(), e.getValue(), result, failure));
            }
            corpus = Collections.unmodifiableMap(all);
        }
        return corpus;
    }

    /** The weaver every woven run uses: it reads other classes from the test class path. */
    static synchronized Weaver weaver() {
        if (weaver == null) {
            weaver = new Weaver(ClassSource.of(CorpusHarness.class.getClassLoader()), WeaveOptions.DEFAULT);
        }
        return weaver;
    }

    /** The corpus classes' original bytes, from the test-classes directory. */
    private static Map<String, byte[]> readCorpusBytes() {
        URL probe = CorpusHarness.class.getResource("corpus/Probe.class");
        if (probe == null || !"file".equals(probe.getProtocol())) {
            throw new IllegalStateException("the corpus must be compiled into a directory, found " + probe);
        }
        Map<String, byte[]> bytes = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(probe.toURI()).getParent())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String file = f.getFileName().toString();
                if (file.endsWith(".class")) {
                    bytes.put(PACKAGE + "." + file.substring(0, file.length() - ".class".length()), Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return bytes;
    }

    /** A fresh loader of the corpus as compiled, plus {@code extra} classes (binary name to bytes). */
    static CorpusLoader plainLoader(Map<String, byte[]> extra) {
        Map<String, byte[]> bytes = new TreeMap<>(extra);
        corpus().forEach((name, c) -> bytes.put(name, c.original()));
        return new CorpusLoader("corpus-plain", bytes, Map.of());
    }

    static CorpusLoader wovenLoader() {
        return wovenLoader(Map.of());
    }

    /**
     * A fresh loader of the woven corpus, plus {@code extra} classes. A class whose weaving threw
     * fails to load, with that as the cause.
     */
    static CorpusLoader wovenLoader(Map<String, byte[]> extra) {
        Map<String, byte[]> bytes = new TreeMap<>(extra);
        Map<String, Throwable> failures = new TreeMap<>();
        corpus().forEach((name, c) -> {
            if (c.weaveFailure() != null) {
                failures.put(name, c.weaveFailure());
            } else {
                bytes.put(name, c.wovenBytes());
            }
        });
        return new CorpusLoader("corpus-woven", bytes, failures);
    }

    // Checking a scenario.

    /** Runs {@code scenario} plain and woven under the default policies and asserts what the class doc says. */
    static void check(Class<?> corpusClass, String scenario, Expect expect) {
        check(corpusClass, scenario, expect, DEFAULT_POLICIES);
    }

    static void check(Class<?> corpusClass, String scenario, Expect expect, List<Policy> policies) {
        String name = corpusClass.getName();
        Outcome plain = runPlain(name, scenario);
        List<String> failures = new ArrayList<>();
        if (plain.probeParks() != 0) {
            failures.add("plain run: Probe parked outside a continuation (" + plain.probeParks() + " times)");
        }
        for (Policy policy : policies) {
            Outcome woven = runWoven(name, scenario, policy);
            compare(plain, woven, "woven " + policy, failures);
            if (woven.probeParks() != woven.unwinds() + woven.pins()) {
                failures.add("woven " + policy + ": Probe parked " + woven.probeParks() + " times, but "
                        + woven.unwinds() + " parks unwound and " + woven.pins() + " pinned");
            }
            if (woven.emptyParks() != 0) {
                failures.add("woven " + policy + ": " + woven.emptyParks() + " times the continuation parked with"
                        + " nothing saved (savedSlots() == 0)");
            }
            if (policy.name().equals("NEVER") && woven.probeParks() != 0) {
                failures.add("woven NEVER: Probe parked " + woven.probeParks() + " times");
            }
            if (expect == Expect.UNWIND && woven.pins() != 0) {
                failures.add("woven " + policy + ": " + woven.pins() + " parks pinned; every park should unwind");
            }
            if (policy.name().equals("ALWAYS")) {
                if (expect == Expect.UNWIND && woven.unwinds() == 0) {
                    failures.add("woven ALWAYS: no park unwound the continuation (Probe parks: " + woven.probeParks()
                            + "), so the rewrite was not exercised");
                }
                if (expect == Expect.PIN && woven.pins() == 0) {
                    failures.add("woven ALWAYS: expected parks to pin, but pins() == 0 (unwinds: "
                            + woven.unwinds() + ")");
                }
                if (expect == Expect.PIN && woven.unwinds() == 0) {
                    failures.add("woven ALWAYS: the parks outside the pinning frame should still unwind, but none did"
                            + " (pins: " + woven.pins() + ")");
                }
            }
        }
        if (expect == Expect.PIN) {
            Outcome strict = withSystemProperty("weft.strict", "true",
                    () -> runWoven(name, scenario, new Policy("ALWAYS", 0)));
            if (!hasCause(strict.thrown(), PinnedError.class)) {
                failures.add("woven ALWAYS, -Dweft.strict=true: expected a PinnedError, got " + strict.behaviour()
                        + stackOf(strict.thrown()));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(corpusClass.getSimpleName() + "." + scenario + ":\n- "
                    + String.join("\n- ", failures));
        }
    }

    private static void compare(Outcome plain, Outcome woven, String label, List<String> failures) {
        boolean same = plain.behaviour().equals(woven.behaviour());
        if (!same) {
            failures.add(label + ": behaves differently\n  plain:\n  " + plain.behaviour() + "\n  woven:\n  "
                    + woven.behaviour() + stackOf(woven.thrown()));
            return;
        }
        if (plain.thrown() != null) {
            List<String> plainFrames = corpusFrames(plain.thrown());
            List<String> wovenFrames = corpusFrames(woven.thrown());
            if (!plainFrames.equals(wovenFrames)) {
                failures.add(label + ": the escaping exception's corpus frames differ\n  plain: " + plainFrames
                        + "\n  woven: " + wovenFrames);
            }
        }
    }

    /** The frames of corpus classes in {@code t}'s stack trace, innermost first, as {@code Class.method:line}. */
    static List<String> corpusFrames(Throwable t) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith(PACKAGE + ".")) {
                frames.add(e.getClassName().substring(PACKAGE.length() + 1) + "." + e.getMethodName() + ":"
                        + e.getLineNumber());
            }
        }
        return frames;
    }

    // Running a scenario.

    /** Calls {@code className.scenario()} on the original classes, outside any continuation. */
    static Outcome runPlain(String className, String scenario) {
        return onBigStack("plain " + scenario, false, () -> {
            CorpusLoader loader = plainLoader(Map.of(ENTRY, entryBytes(className, scenario)));
            Class<?> probe = loader.loadClass(PACKAGE + ".Probe");
            probe.getMethod("reset", String.class, long.class).invoke(null, "NEVER", 0L);
            Class<?> entry = loader.loadClass(ENTRY);
            Throwable thrown = null;
            try {
                scenarioMethod(loader, className, scenario);
                ((SuspendableRunnable) entry.getConstructor().newInstance()).run();
            } catch (Throwable t) {
                thrown = t;
            }
            String result = thrown == null ? (String) entry.getField("result").get(null) : null;
            return new Outcome(result, trace(probe), thrown, parks(probe), 0, 0, 0);
        });
    }

    /** Calls {@code className.scenario()} on the woven classes, inside a continuation, under {@code policy}. */
    static Outcome runWoven(String className, String scenario, Policy policy) {
        // RANDOM runs on a Carrier (rewritten code finds the frame stack in a field), the others on a
        // plain thread (it finds it in a ThreadLocal): both ways are exercised.
        boolean onCarrier = policy.name().equals("RANDOM");
        return onBigStack("woven " + scenario + " " + policy, onCarrier, () -> {
            CorpusLoader loader = wovenLoader(Map.of(ENTRY, wovenEntryBytes(className, scenario)));
            Class<?> probe;
            Class<?> entry;
            SuspendableRunnable body;
            try {
                probe = loader.loadClass(PACKAGE + ".Probe");
                probe.getMethod("reset", String.class, long.class).invoke(null, policy.name(), policy.seed());
                scenarioMethod(loader, className, scenario);
                entry = loader.loadClass(ENTRY);
                body = (SuspendableRunnable) entry.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                return new Outcome(null, "", e.getCause(), 0, 0, 0, 0);
            } catch (ReflectiveOperationException | LinkageError e) {
                return new Outcome(null, "", e, 0, 0, 0, 0);
            }
            Continuation c = new Continuation(body);
            long unwinds = 0;
            long emptyParks = 0;
            Throwable thrown = null;
            try {
                while (!c.run()) {
                    if (c.savedSlots() == 0) {
                        emptyParks++;
                    }
                    if (++unwinds > MAX_RESUMES) {
                        throw new AssertionError("woven " + scenario + " " + policy + ": still parking after "
                                + MAX_RESUMES + " resumes");
                    }
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                thrown = t;
            }
            String result = thrown == null ? (String) entry.getField("result").get(null) : null;
            int parksInC = (int) probe.getMethod("parksIn", Continuation.class).invoke(null, c);
            return new Outcome(result, trace(probe), thrown, parksInC, unwinds, c.pins(), emptyParks);
        });
    }

    /**
     * The continuation's body for one scenario: {@code dev.weft.instrument.corpus.Entry}, a
     * {@code SuspendableRunnable} whose {@code run()} is {@code result = Owner.scenario();}, with no
     * line numbers. Generated, so that the corpus needs no registry of its scenarios; defined in the
     * corpus package and, for the woven run, woven like the rest, so that the call into the scenario
     * is an ordinary suspension point of a rewritten method, as in a goroutine's body.
     */
    static byte[] entryBytes(String className, String scenario) {
        String self = ENTRY.replace('.', '/');
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, self, null,
                "java/lang/Object", new String[] {"dev/weft/SuspendableRunnable"});
        cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "result", "Ljava/lang/String;", null, null).visitEnd();
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, className.replace('.', '/'), scenario, "()Ljava/lang/String;", false);
        run.visitFieldInsn(Opcodes.PUTSTATIC, self, "result", "Ljava/lang/String;");
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@link #entryBytes} woven; fails the run if the weaver did not rewrite {@code run()}. */
    private static synchronized byte[] wovenEntryBytes(String className, String scenario) {
        return wovenEntries.computeIfAbsent(className + "." + scenario, k -> {
            WeaveResult r = weaver().weave(entryBytes(className, scenario));
            if (r.bytes() == null || r.rewrittenMethods() != 1) {
                throw new AssertionError("the weaver did not rewrite the generated Entry.run() that calls "
                        + className + "." + scenario + ": " + r);
            }
            return r.bytes();
        });
    }

    private static Method scenarioMethod(ClassLoader loader, String className, String scenario)
            throws ReflectiveOperationException {
        Method m = loader.loadClass(className).getMethod(scenario);
        if (m.getReturnType() != String.class || m.getParameterCount() != 0
                || !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
            throw new IllegalArgumentException(className + "." + scenario + " is not a `static String " + scenario + "()`");
        }
        return m;
    }

    private static String trace(Class<?> probe) throws ReflectiveOperationException {
        return (String) probe.getMethod("trace").invoke(null);
    }

    private static int parks(Class<?> probe) throws ReflectiveOperationException {
        return (int) probe.getMethod("parks").invoke(null);
    }

    /**
     * Runs {@code work} on a fresh daemon thread with a big stack ({@code carrier}: a
     * {@link Carrier}), and waits a bounded time for it.
     */
    static <T> T onBigStack(String what, boolean carrier, Callable<T> work) {
        Object[] outcome = new Object[1];
        Throwable[] failure = new Throwable[1];
        Runnable task = () -> {
            try {
                outcome[0] = work.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        };
        String name = "corpus " + what;
        Thread t = carrier ? new Carrier(null, task, name, STACK_SIZE) : new Thread(null, task, name, STACK_SIZE);
        t.setDaemon(true);
        t.start();
        try {
            t.join(RUN_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + ": interrupted while waiting (the test timed out)", e);
        }
        if (t.isAlive()) {
            AssertionError e = new AssertionError(what + ": did not finish in " + RUN_TIMEOUT_MILLIS + " ms");
            e.setStackTrace(t.getStackTrace());
            throw e;
        }
        if (failure[0] != null) {
            throw new AssertionError(what + ": the harness failed: " + failure[0], failure[0]);
        }
        @SuppressWarnings("unchecked")
        T result = (T) outcome[0];
        return result;
    }

    /** Runs {@code work} with a system property set, restoring its previous value (or absence) after. */
    static <T> T withSystemProperty(String key, String value, java.util.function.Supplier<T> work) {
        String previous = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Class name and message: what the plain and woven runs must agree on. */
    static String describe(Throwable t) {
        return t == null ? "none" : t.getClass().getName() + ": " + t.getMessage();
    }

    /** The stack trace of an unexpected exception, to put in a failure message (empty for none). */
    static String stackOf(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return "\n  woven stack trace:\n" + (s.length() > 6000 ? s.substring(0, 6000) + "\n  ..." : s);
    }

    /**
     * Defines every class of the corpus package itself, from the bytes it was given, and asks its
     * parent for every other class. Not parallel-capable: each run uses its own loader on one thread.
     */
    static final class CorpusLoader extends ClassLoader {
        private final Map<String, byte[]> bytes;
        private final Map<String, Throwable> failures;

        CorpusLoader(String name, Map<String, byte[]> bytes, Map<String, Throwable> failures) {
            super(name, CorpusHarness.class.getClassLoader());
            this.bytes = bytes;
            this.failures = failures;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE + ".")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    byte[] b = bytes.get(name);
                    if (b == null) {
                        Throwable failure = failures.get(name);
                        throw new ClassNotFoundException(failure != null
                                ? name + ": weaving it threw " + failure : name + " is not in the corpus", failure);
                    }
                    c = defineClass(name, b, 0, b.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        /** The binary names of the classes this loader defines. */
        List<String> names() {
            return new ArrayList<>(bytes.keySet());
        }
    }
}
