package dev.weft.instrument;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Weaves every class of some widely used jars in test mode ({@code new WeaveOptions(true)}: every
 * method with code is suspendable and every call a suspension point), so the rewrite meets code
 * javac and kotlinc really emit, far beyond the hand-written corpus: huge methods, nested
 * try/finally, switch tables, long/double locals, uninitialized objects across calls, Kotlin's
 * inline-function leftovers, invokedynamic.
 *
 * <p>What must hold for every class: {@link Weaver#weave} does not throw; and when it changes the
 * class, the result keeps every method the class had and passes ASM's {@code CheckClassAdapter},
 * ASM's {@code Analyzer} with a {@code SimpleVerifier} for each method ({@link BytecodeVerifier}),
 * and the JVM's own verifier ({@link HotSpotVerifier}). A method the weaver refuses (it warns and
 * leaves the method as it was) is not a failure; refusals are counted and a few are printed.
 *
 * <p>A check that also fails on the class as it was before weaving says nothing about the weaver
 * (say, a type missing from the class path); it is counted as "unverifiable before weaving" and
 * not as a failure.
 *
 * <p>Every class is woven, none sampled. Multi-release classes under {@code META-INF/versions/N/}
 * are woven too, except those for a newer Java than the one running the test, whose types this
 * JVM may lack; they are counted as skipped.
 *
 * <p>Each test prints one summary line per jar, for the record: classes read, classes changed,
 * methods rewritten, methods refused, verification failures and time taken.
 */
class RealJarsWeaveTest {
    /** Failures listed in the assertion message; the rest are only counted, and grouped by kind. */
    private static final int FAILURES_SHOWN = 20;
    /** Refusal warnings printed per jar. */
    private static final int WARNINGS_SHOWN = 5;
    /** Kinds of refusal printed per jar, most frequent first. */
    private static final int REFUSAL_KINDS_SHOWN = 5;

    /**
     * A backstop against a weaver that loops, not a performance bound: on an idle 2-core machine
     * the largest jar (guava) takes well under a minute, but build machines are often shared.
     */
    private static final long JAR_TIMEOUT_SECONDS = 300;

    private static final ClassLoader LOADER = RealJarsWeaveTest.class.getClassLoader();
    /** Times the work in CPU time too: the wall clock says little on a loaded build machine. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/([0-9]+)/");

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void weavingEveryMethodOf_guava_verifies() {
        weaveAndVerifyEveryClassOf(com.google.common.collect.ImmutableList.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void weavingEveryMethodOf_kotlinStdlib_verifies() {
        weaveAndVerifyEveryClassOf(kotlin.Unit.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void weavingEveryMethodOf_jacksonDatabind_verifies() {
        weaveAndVerifyEveryClassOf(com.fasterxml.jackson.databind.ObjectMapper.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void weavingEveryMethodOf_jacksonCore_verifies() {
        weaveAndVerifyEveryClassOf(com.fasterxml.jackson.core.JsonFactory.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void weavingEveryMethodOf_asm_verifies() {
        weaveAndVerifyEveryClassOf(org.objectweb.asm.ClassReader.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void raceInstrumentingThenWeavingEveryMethodOf_guava_verifies() {
        raceAndWeaveAndVerifyEveryClassOf(com.google.common.collect.ImmutableList.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void raceInstrumentingThenWeavingEveryMethodOf_kotlinStdlib_verifies() {
        raceAndWeaveAndVerifyEveryClassOf(kotlin.Unit.class);
    }

    @Test
    @Timeout(value = JAR_TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
    void raceInstrumentingThenWeavingEveryMethodOf_jacksonDatabind_verifies() {
        raceAndWeaveAndVerifyEveryClassOf(com.fasterxml.jackson.databind.ObjectMapper.class);
    }

    /**
     * Race mode's instrumentation as the agent runs it (before the suspendable rewrite, here in
     * test mode), on every class: both passes together must still verify.
     */
    private static void raceAndWeaveAndVerifyEveryClassOf(Class<?> anchor) {
        AtomicInteger sites = new AtomicInteger();
        RaceWeaver race = new RaceWeaver(ClassSource.of(LOADER), (c, m, f, l, o, n) -> sites.incrementAndGet());
        Weaver weaver = new Weaver(ClassSource.of(LOADER), new WeaveOptions(true));
        weaveAndVerifyEveryClassOf(anchor, bytes -> {
            WeaveResult raced = race.weave(bytes);
            WeaveResult woven = weaver.weave(raced.bytes() != null ? raced.bytes() : bytes);
            List<String> warnings = new ArrayList<>(raced.warnings());
            warnings.addAll(woven.warnings());
            return new WeaveResult(woven.className(), woven.bytes() != null ? woven.bytes() : raced.bytes(),
                    woven.rewrittenMethods(), warnings);
        });
        assertTrue(sites.get() > 0, "no access sites instrumented");
    }

    /** One check that failed on a woven class and passed on the class as it was. */
    private record Failure(String className, String member, String message) {
        @Override
        public String toString() {
            return className + " " + member + ": " + message;
        }
    }

    /**
     * What weaving one class and checking the result with ASM came to.
     *
     * @param woven      the woven class, or null when the weaver left it as it was
     * @param weaveNanos CPU time spent weaving, {@code checkNanos} checking the result with ASM
     */
    private record Outcome(String path, byte[] woven, int rewrittenMethods, List<String> warnings,
            List<Failure> failures, int unverifiableBeforeWeaving, long weaveNanos, long checkNanos) {
    }

    /** Weaves every class in the jar {@code anchor} was loaded from, and checks each result. */
    private static void weaveAndVerifyEveryClassOf(Class<?> anchor) {
        Weaver weaver = new Weaver(ClassSource.of(LOADER), new WeaveOptions(true));
        weaveAndVerifyEveryClassOf(anchor, weaver::weave);
    }

    /** Rewrites every class in the jar {@code anchor} was loaded from with {@code weaver}, and checks each result. */
    private static void weaveAndVerifyEveryClassOf(Class<?> anchor, Function<byte[], WeaveResult> weaver) {
        File jar = jarOf(anchor);
        long start = System.nanoTime();
        int[] skipped = {0};
        Map<String, byte[]> originals = readClasses(jar, skipped);
        // The test class path holds every jar under test, their dependencies and weft's runtime;
        // with the JDK behind it, the weaver can read every supertype and call target.
        BytecodeVerifier asmVerifier = new BytecodeVerifier(LOADER);

        // Classes are woven and checked in parallel (Weaver and BytecodeVerifier are thread-safe)
        // and tallied in jar order, so the output does not depend on the interleaving.
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Map.Entry<String, byte[]> entry : originals.entrySet()) {
                futures.add(pool.submit(() -> weaveAndCheck(entry.getKey(), entry.getValue(), weaver, asmVerifier)));
            }
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }

        int changed = 0;
        int rewritten = 0;
        int unverifiableBeforeWeaving = 0;
        long weaveNanos = 0;
        long asmNanos = 0;
        List<String> warnings = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, byte[]> wovenByPath = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.woven() != null) {
                changed++;
                wovenByPath.put(outcome.path(), outcome.woven());
            }
            rewritten += outcome.rewrittenMethods();
            warnings.addAll(outcome.warnings());
            failures.addAll(outcome.failures());
            unverifiableBeforeWeaving += outcome.unverifiableBeforeWeaving();
            weaveNanos += outcome.weaveNanos();
            asmNanos += outcome.checkNanos();
        }
        long jvmStart = CPU.getCurrentThreadCpuTime();
        unverifiableBeforeWeaving += checkWithTheJvm(originals, wovenByPath, failures);
        long jvmNanos = CPU.getCurrentThreadCpuTime() - jvmStart;
        double seconds = (System.nanoTime() - start) / 1e9;

        String tag = "[" + jar.getName() + "] ";
        System.out.printf("%sclasses read %d%s, changed %d; methods rewritten %d, refused %d;"
                        + " verification failures %d (checks unverifiable before weaving: %d); %.1f s"
                        + " (CPU: weaving %.1f s, ASM checks %.1f s; JVM checks %.1f s)%n",
                tag, originals.size(),
                skipped[0] == 0 ? "" : " (" + skipped[0] + " skipped: multi-release classes for a newer Java)",
                changed, rewritten, warnings.size(), failures.size(), unverifiableBeforeWeaving, seconds,
                weaveNanos / 1e9, asmNanos / 1e9, jvmNanos / 1e9);
        for (String warning : warnings.subList(0, Math.min(WARNINGS_SHOWN, warnings.size()))) {
            System.out.println(tag + "  refused: " + warning);
        }
        Map<String, List<String>> refusalsByKind = groupByKind(warnings, w -> w);
        refusalsByKind.entrySet().stream()
                .sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .limit(REFUSAL_KINDS_SHOWN)
                .forEach(kind -> System.out.println(tag + "  refusals of kind (" + kind.getValue().size() + "): "
                        + kind.getKey()));

        assertTrue(!originals.isEmpty(), "no classes in " + jar);
        if (!failures.isEmpty()) {
            int shown = Math.min(FAILURES_SHOWN, failures.size());
            StringBuilder message = new StringBuilder()
                    .append(failures.size()).append(" verification failures weaving ")
                    .append(jar.getName()).append(", the first ").append(shown).append(':');
            for (Failure failure : failures.subList(0, shown)) {
                message.append("\n  ").append(failure);
            }
            message.append("\nby kind:");
            groupByKind(failures, Failure::message).forEach((kind, ofKind) -> message.append("\n  ")
                    .append(ofKind.size()).append(" x ").append(kind)
                    .append("\n      e.g. ").append(ofKind.get(0)));
            fail(message.toString());
        }
    }

    /**
     * Every class file in {@code jar} by entry path, in jar order. {@code module-info} is no class
     * to weave and is left out, and so are multi-release classes for a newer Java than this one
     * (counted in {@code skipped[0]}).
     */
    private static Map<String, byte[]> readClasses(File jar, int[] skipped) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile in = new JarFile(jar)) {
            for (JarEntry entry : Collections.list(in.entries())) {
                String path = entry.getName();
                if (!path.endsWith(".class") || path.endsWith("module-info.class")) {
                    continue;
                }
                Matcher versioned = VERSIONED.matcher(path);
                if (versioned.find() && Integer.parseInt(versioned.group(1)) > Runtime.version().feature()) {
                    skipped[0]++;
                    continue;
                }
                try (InputStream bytes = in.getInputStream(entry)) {
                    classes.put(path, bytes.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + jar, e);
        }
        return classes;
    }

    /** Weaves one class and, if the weaver changed it, checks the result with ASM. */
    private static Outcome weaveAndCheck(String path, byte[] original, Function<byte[], WeaveResult> weaver,
            BytecodeVerifier verifier) {
        String className = classNameOf(path);
        long start = CPU.getCurrentThreadCpuTime();
        WeaveResult result;
        try {
            result = weaver.apply(original.clone());
        } catch (Throwable t) {
            return new Outcome(path, null, 0, List.of(), List.of(new Failure(className, "-", "weave threw " + t)),
                    0, CPU.getCurrentThreadCpuTime() - start, 0);
        }
        long woven = CPU.getCurrentThreadCpuTime();
        if (result == null) {
            return new Outcome(path, null, 0, List.of(),
                    List.of(new Failure(className, "-", "weave returned null")), 0, woven - start, 0);
        }
        List<Failure> failures = new ArrayList<>();
        int unverifiable = result.bytes() == null
                ? 0
                : checkWithAsm(className, original, result.bytes(), verifier, failures);
        return new Outcome(path, result.bytes(), result.rewrittenMethods(), result.warnings(), failures,
                unverifiable, woven - start, CPU.getCurrentThreadCpuTime() - woven);
    }

    /**
     * ASM's checks of a woven class, each problem weighed against the class as it was: adds the
     * problems that are new to {@code failures} and returns how many were there before weaving.
     */
    private static int checkWithAsm(String className, byte[] original, byte[] woven, BytecodeVerifier verifier,
            List<Failure> failures) {
        try {
            for (String lost : methodsLost(original, woven)) {
                failures.add(new Failure(className, lost, "method missing after weaving"));
            }
        } catch (RuntimeException e) {
            failures.add(new Failure(className, BytecodeVerifier.WHOLE_CLASS, "unreadable after weaving: " + e));
            return 0;
        }
        List<BytecodeVerifier.Problem> problems = verifier.verify(woven);
        if (problems.isEmpty()) {
            return 0;
        }
        Set<String> alreadyBroken = new HashSet<>();
        for (BytecodeVerifier.Problem problem : verifier.verify(original)) {
            alreadyBroken.add(problem.member());
        }
        int unverifiable = 0;
        for (BytecodeVerifier.Problem problem : problems) {
            if (alreadyBroken.contains(problem.member())) {
                unverifiable++;
            } else {
                failures.add(new Failure(className, problem.member(), problem.message()));
            }
        }
        return unverifiable;
    }

    /**
     * Has the JVM link every woven class, beside the jar's other classes as they were, and checks a
     * class that fails against the whole jar unwoven: adds the new failures to {@code failures} and
     * returns how many classes failed before weaving too. A superclass's failure shows again in
     * every subclass; it is reported once. Multi-release {@code META-INF/versions/N/} classes are
     * left to ASM's checks: they share their names with the base classes the loader defines.
     */
    private static int checkWithTheJvm(Map<String, byte[]> originalsByPath, Map<String, byte[]> wovenByPath,
            List<Failure> failures) {
        Map<String, byte[]> originals = new HashMap<>();
        Map<String, byte[]> woven = new HashMap<>();
        for (Map.Entry<String, byte[]> entry : originalsByPath.entrySet()) {
            if (!entry.getKey().startsWith("META-INF/")) {
                String className = classNameOf(entry.getKey());
                originals.put(className, entry.getValue());
                woven.put(className, wovenByPath.getOrDefault(entry.getKey(), entry.getValue()));
            }
        }
        HotSpotVerifier wovenJar = new HotSpotVerifier(LOADER, woven);
        HotSpotVerifier originalJar = new HotSpotVerifier(LOADER, originals);
        Set<String> reported = new HashSet<>();
        int unverifiable = 0;
        for (String path : wovenByPath.keySet()) {
            if (path.startsWith("META-INF/")) {
                continue;
            }
            String className = classNameOf(path);
            String rejected = wovenJar.link(className);
            if (rejected == null) {
                continue;
            }
            if (originalJar.link(className) != null) {
                unverifiable++;
            } else if (reported.add(rejected)) {
                failures.add(new Failure(className, "<jvm>", rejected));
            }
        }
        return unverifiable;
    }

    /** {@code items} grouped by {@link #kindOf} their message, kinds in alphabetical order. */
    private static <T> Map<String, List<T>> groupByKind(List<T> items, Function<T, String> message) {
        Map<String, List<T>> byKind = new TreeMap<>();
        for (T item : items) {
            byKind.computeIfAbsent(kindOf(message.apply(item)), k -> new ArrayList<>()).add(item);
        }
        return byKind;
    }

    /**
     * A message without what differs from one occurrence to the next, so that failures or
     * refusals of one kind group together: the method or class a refusal names, instruction
     * indexes and offsets, and for the JVM's messages everything after the first line.
     */
    private static String kindOf(String message) {
        String kind = message
                .replaceFirst("^cannot rewrite \\S+: ", "")
                .replaceFirst("^cannot weave \\S+ ", "cannot weave <class> ")
                .replaceFirst("; left as it was.*$", "")
                .replaceFirst("^Error at instruction [0-9]+: ", "");
        int firstLineEnd = kind.indexOf(" | ");
        if (firstLineEnd >= 0) {
            kind = kind.substring(0, firstLineEnd);
        }
        kind = kind.replaceAll("[0-9]+", "N");
        return kind.length() <= 120 ? kind : kind.substring(0, 120) + "...";
    }

    /** {@code com/foo/Bar} for {@code com/foo/Bar.class} and {@code META-INF/versions/11/com/foo/Bar.class}. */
    private static String classNameOf(String path) {
        String name = path.substring(0, path.length() - ".class".length());
        return VERSIONED.matcher(name).replaceFirst("");
    }

    /** Name and descriptor of every method {@code original} declares that {@code woven} does not. */
    private static List<String> methodsLost(byte[] original, byte[] woven) {
        Set<String> kept = new HashSet<>();
        for (MethodNode method : read(woven).methods) {
            kept.add(method.name + method.desc);
        }
        List<String> lost = new ArrayList<>();
        for (MethodNode method : read(original).methods) {
            if (!kept.contains(method.name + method.desc)) {
                lost.add(method.name + method.desc);
            }
        }
        return lost;
    }

    private static ClassNode read(byte[] classBytes) {
        ClassNode node = new ClassNode();
        new ClassReader(classBytes).accept(node, ClassReader.SKIP_CODE);
        return node;
    }

    private static File jarOf(Class<?> anchor) {
        try {
            File jar = new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertTrue(jar.isFile(), anchor + " was not loaded from a jar but from " + jar);
            return jar;
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
