package dev.weft.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory loop the command line and both build plugins share: counts, idempotence, and
 * the problems a strict build fails on. Works on copies of compiled corpus classes, resolving the
 * runtime from this module's test classes as a build would from its class path.
 */
class WeaveDirectoryTest {
    @TempDir
    Path dir;

    private final List<WeaveDirectory.ClassPath> open = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (WeaveDirectory.ClassPath c : open) {
            c.close();
        }
    }

    @Test
    void weave_twice_secondRunWeavesNothingAndLeavesFilesAlone() throws IOException {
        copyCorpus("Loops");
        WeaveDirectory.Summary first = weaver().weave(dir);
        byte[] woven = Files.readAllBytes(dir.resolve("dev/weft/instrument/corpus/Loops.class"));

        WeaveDirectory.Summary second = weaver().weave(dir);

        assertTrue(first.woven() > 0, "the first run weaves Loops: " + first);
        assertEquals(List.of(), first.problems());
        assertEquals(first.scanned(), second.scanned(), "scanned");
        assertEquals(0, second.woven(), "the second run finds everything woven: " + second.line());
        assertEquals(first.woven(), second.alreadyWoven(), "already woven: " + second.line());
        assertEquals(second.scanned(), second.skipped());
        assertArrayEquals(woven, Files.readAllBytes(dir.resolve("dev/weft/instrument/corpus/Loops.class")));
        assertTrue(second.line().contains("0 woven"), second.line());
    }

    @Test
    void weave_refusedMethod_isAProblemNamingClassAndMethod() throws IOException {
        copyCorpus("PinByUninitializedLocal");

        WeaveDirectory.Summary s = weaver().weave(dir);

        assertTrue(s.problems().stream().anyMatch(p -> p.kind() == WeaveDirectory.Kind.NOT_REWRITTEN
                        && "dev.weft.instrument.corpus.PinByUninitializedLocal".equals(p.className())
                        && p.message().contains("PinByUninitializedLocal.build(")),
                "a problem should name PinByUninitializedLocal.build: " + s.problems());
    }

    @Test
    void weave_corruptClassFile_isAnUnreadableProblemNamingTheFile() throws IOException {
        Path broken = dir.resolve("p/Broken.class");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "not a class");

        WeaveDirectory.Summary s = weaver().weave(dir);

        assertEquals(1, s.scanned());
        assertEquals(1, s.problems().size(), s.problems().toString());
        WeaveDirectory.Problem p = s.problems().get(0);
        assertEquals(WeaveDirectory.Kind.UNREADABLE, p.kind());
        assertEquals(broken, p.file());
        assertTrue(p.toString().contains(broken.toString()), p.toString());
    }

    @Test
    void weave_verify_reportsNoProblemForACorrectWeave() throws IOException {
        copyCorpus("TryCatchFinally");
        List<String> verbose = new ArrayList<>();
        WeaveDirectory w = new WeaveDirectory(new Weaver(types(), WeaveOptions.DEFAULT), true, false, verbose::add);

        WeaveDirectory.Summary s = w.weave(dir);

        assertEquals(List.of(), s.problems());
        assertEquals(s.woven(), verbose.size(), "one verbose line per woven class: " + verbose);
    }

    @Test
    void weave_strictWithARefusedMethod_failsAndWritesNothing() throws IOException {
        copyCorpus("Loops");
        copyCorpus("PinByUninitializedLocal");
        Map<Path, byte[]> before = contents();

        WeaveDirectory.Summary s = new WeaveDirectory(new Weaver(types(), WeaveOptions.DEFAULT), false, true, null)
                .weave(dir);

        assertTrue(s.failed(), "a refused method fails a strict run: " + s.problems());
        assertTrue(s.woven() > 0, "Loops was woven in memory: " + s.line());
        assertTrue(s.line().endsWith("; nothing written"), s.line());
        assertContentsEqual(before, contents());
    }

    @Test
    void weave_lenientWithARefusedMethod_writesTheRest() throws IOException {
        copyCorpus("Loops");
        copyCorpus("PinByUninitializedLocal");
        Map<Path, byte[]> before = contents();

        WeaveDirectory.Summary s = weaver().weave(dir);

        assertTrue(!s.failed() && !s.problems().isEmpty(), s.problems().toString());
        assertTrue(!Arrays.equals(before.get(dir.resolve("dev/weft/instrument/corpus/Loops.class")),
                Files.readAllBytes(dir.resolve("dev/weft/instrument/corpus/Loops.class"))), "Loops is woven on disk");
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".weft-tmp")).toList(), "temporary files left");
        }
    }

    @Test
    void weave_intoAnotherDirectory_thatFails_createsNothingThere() throws IOException {
        copyCorpus("PinByUninitializedLocal");
        Path out = dir.resolveSibling(dir.getFileName() + "-out");

        WeaveDirectory.Summary s = new WeaveDirectory(new Weaver(types(), WeaveOptions.DEFAULT), false, true, null)
                .weave(dir, out);

        assertTrue(s.failed());
        assertTrue(!Files.exists(out), "a failed run must not create its output");
    }

    @Test
    void summary_isWorthPrintingOnlyWhenVerboseOrOnAProblem() throws IOException {
        copyCorpus("Loops");
        WeaveDirectory.Summary clean = weaver().weave(dir);
        copyCorpus("PinByUninitializedLocal");
        WeaveDirectory.Summary troubled = weaver().weave(dir);

        assertTrue(!clean.worthPrinting(false), "a quiet build prints nothing when all went well");
        assertTrue(clean.worthPrinting(true));
        assertTrue(troubled.worthPrinting(false), "a problem is always reported");
    }

    private Map<Path, byte[]> contents() throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(f, Files.readAllBytes(f));
            }
        }
        return files;
    }

    private static void assertContentsEqual(Map<Path, byte[]> expected, Map<Path, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "the files of the directory");
        for (Map.Entry<Path, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey() + " changed");
        }
    }

    private WeaveDirectory weaver() {
        return new WeaveDirectory(new Weaver(types(), WeaveOptions.DEFAULT), false, false, null);
    }

    private ClassSource types() {
        WeaveDirectory.ClassPath types = WeaveDirectory.classPath(dir, List.of(testClasses()));
        open.add(types);
        return types;
    }

    private void copyCorpus(String simpleName) throws IOException {
        copyCorpus(dir, simpleName);
    }

    /** Copies the compiled corpus class {@code simpleName} and its nested classes into {@code dir}. */
    static void copyCorpus(Path dir, String simpleName) throws IOException {
        Path from = testClasses().resolve("dev/weft/instrument/corpus");
        Path to = dir.resolve("dev/weft/instrument/corpus");
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(simpleName + ".")
                    || f.getFileName().toString().startsWith(simpleName + "$")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** This module's compiled test classes, the corpus among them. */
    static Path testClasses() {
        try {
            return Path.of(WeaveDirectoryTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
