package dev.weft.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrument.internal.PreScan;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pre-scan's invariant on real code: every class of some widely used jars, and every class
 * of this module's tests (the corpus, and weft's runtime compiled from its sources: code full of
 * {@code @Suspendable} methods, suspendable lambdas, overrides and bridges), is put to both
 * {@link PreScan#skips} and {@link Weaver#weave} as the agent runs it ({@link WeaveOptions#DEFAULT}),
 * over the same class source; every class the pre-scan skips must be one the weaver leaves
 * unchanged. A class the pre-scan does not skip but the weaver leaves unchanged costs time, not
 * correctness: those are counted, and for the jars that never use weft they must stay few, which
 * is what the pre-scan is for.
 *
 * <p>Each test prints one line per jar: classes, skipped, woven, and the others.
 */
class PreScanRealJarsTest {
    private static final ClassLoader LOADER = PreScanRealJarsTest.class.getClassLoader();
    /**
     * The least share of a jar that never uses weft the pre-scan must skip. What it does not skip
     * goes to the weaver's full parse; the agent's start-up target (benchmarks/startup.sh) needs
     * nearly all of them skipped.
     */
    private static final double LEAST_SKIPPED = 0.97;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void guava_everySkippedClassIsLeftUnchangedByTheWeaver() {
        agree(jarOf(com.google.common.collect.ImmutableList.class), LEAST_SKIPPED);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void kotlinStdlib_everySkippedClassIsLeftUnchangedByTheWeaver() {
        agree(jarOf(kotlin.Unit.class), LEAST_SKIPPED);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void jackson_everySkippedClassIsLeftUnchangedByTheWeaver() {
        agree(jarOf(com.fasterxml.jackson.databind.ObjectMapper.class), LEAST_SKIPPED);
        agree(jarOf(com.fasterxml.jackson.core.JsonFactory.class), LEAST_SKIPPED);
        agree(jarOf(com.fasterxml.jackson.annotation.JsonProperty.class), LEAST_SKIPPED);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void asm_everySkippedClassIsLeftUnchangedByTheWeaver() {
        agree(jarOf(org.objectweb.asm.ClassReader.class), LEAST_SKIPPED);
        agree(jarOf(org.objectweb.asm.tree.ClassNode.class), LEAST_SKIPPED);
    }

    /** Code that uses weft: the runtime, the corpus, the race shapes; many of its classes are woven. */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void testClasses_everySkippedClassIsLeftUnchangedByTheWeaver() {
        Tally t = agree(location(dev.weft.instrument.corpus.Lambdas.class), 0);
        assertTrue(t.woven > 50, "the weaver wove only " + t.woven + " test classes: the check has no teeth");
    }

    private record Tally(int classes, int skipped, int woven) {
    }

    /** Both verdicts on every class of {@code where}, a jar or a directory of classes. */
    private static Tally agree(File where, double leastSkipped) {
        Map<String, byte[]> classes = readClasses(where);
        PreScan scan = PreScan.over(ClassSource.of(LOADER));
        Weaver weaver = new Weaver(ClassSource.of(LOADER), WeaveOptions.DEFAULT);
        List<String> wrong = new ArrayList<>();
        int skipped = 0;
        int woven = 0;
        long scanNanos = 0;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            long start = System.nanoTime();
            boolean skips = scan.skips(e.getValue().clone());
            scanNanos += System.nanoTime() - start;
            boolean changed = weaver.weave(e.getValue().clone()).bytes() != null;
            skipped += skips ? 1 : 0;
            woven += changed ? 1 : 0;
            if (skips && changed) {
                wrong.add(e.getKey());
            }
        }
        int others = classes.size() - skipped - woven;
        System.out.printf("[%s] classes %d: skipped %d, woven %d, neither (left to the weaver, unchanged) %d;"
                        + " pre-scan %.1f us a class%n", where.getName(), classes.size(), skipped, woven, others,
                scanNanos / 1e3 / Math.max(1, classes.size()));
        assertTrue(!classes.isEmpty(), "no classes in " + where);
        assertEquals(List.of(), wrong, "the pre-scan skipped classes the weaver changes, in " + where);
        assertTrue(skipped >= leastSkipped * classes.size(), "the pre-scan skipped only " + skipped + " of "
                + classes.size() + " classes of " + where.getName() + ", which never uses weft");
        return new Tally(classes.size(), skipped, woven);
    }

    /** Every class file under {@code where}, by path, {@code module-info} and multi-release copies left out. */
    private static Map<String, byte[]> readClasses(File where) {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try {
            if (where.isDirectory()) {
                try (Stream<Path> files = Files.walk(where.toPath())) {
                    for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                        if (isClass(f.toString())) {
                            classes.put(where.toPath().relativize(f).toString(), Files.readAllBytes(f));
                        }
                    }
                }
                return classes;
            }
            try (JarFile in = new JarFile(where)) {
                for (JarEntry entry : Collections.list(in.entries())) {
                    if (isClass(entry.getName()) && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream bytes = in.getInputStream(entry)) {
                            classes.put(entry.getName(), bytes.readAllBytes());
                        }
                    }
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isClass(String path) {
        return path.endsWith(".class") && !path.endsWith("module-info.class");
    }

    private static File jarOf(Class<?> anchor) {
        File f = location(anchor);
        assertTrue(f.isFile() && f.getName().endsWith(".jar"), anchor + " was not loaded from a jar: " + f);
        return f;
    }

    private static File location(Class<?> anchor) {
        try {
            return new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
