package dev.weft.agent;

import dev.weft.instrument.ClassSource;
import dev.weft.instrument.WeaveResult;
import dev.weft.instrument.internal.PreScan;
import fixture.Countdown;
import fixture.Plain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeftTransformerTest {
    private static final String COUNTDOWN = "fixture/Countdown";
    private static final byte[] WOVEN = {(byte) 0xCA, (byte) 0xFE, 1, 2, 3};

    private final ClassLoader app = WeftTransformerTest.class.getClassLoader();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    /** Loaders the transformer asked a weaver for, in order. */
    private final List<ClassLoader> weaversMade = new ArrayList<>();

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** A transformer whose weavers all answer {@code result}, recording each loader it made one for. */
    private WeftTransformer fake(String options, WeaveResult result) {
        return new WeftTransformer(AgentOptions.parse(options), err, loader -> {
            weaversMade.add(loader);
            return bytes -> result;
        });
    }

    private WeftTransformer throwing(String options, Throwable t) {
        return new WeftTransformer(AgentOptions.parse(options), err, loader -> bytes -> {
            throw sneaky(t);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    private static WeaveResult woven(int methods, String... warnings) {
        return new WeaveResult(COUNTDOWN, WOVEN, methods, List.of(warnings));
    }

    private static byte[] countdownBytes() throws IOException {
        return bytesOf(Countdown.class);
    }

    private static byte[] bytesOf(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java/lang/String", "javax/swing/JFrame", "jdk/internal/misc/Unsafe", "sun/misc/Unsafe",
            "com/sun/proxy/$Proxy1", "dev/weft/Go", "dev/weft/Chan$1", "dev/weft/internal/asm/ClassReader",
            "dev/weft/internal/cont/Continuation", "dev/weft/instrument/Weaver", "dev/weft/agent/WeftAgent"})
    void jdkAndWeftClasses_areNeverOfferedToTheWeaver(String name) {
        assertNull(fake(null, woven(1)).transform(app, name, null, null, new byte[0]));
        assertEquals(List.of(), weaversMade);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev/weft/samples/Generators", "dev/weft/benchmarks/ChanBench", "dev/weftish/Foo"})
    void programsUnderDevWeft_areWovenLikeAnyOther(String name) {
        assertSame(WOVEN, fake(null, woven(1)).transform(app, name, null, null, new byte[0]));
    }

    @Test
    void bootstrapAndPlatformLoaders_areSkipped() {
        WeftTransformer t = fake(null, woven(1));
        assertNull(t.transform(null, COUNTDOWN, null, null, new byte[0]));
        assertNull(t.transform(ClassLoader.getPlatformClassLoader(), COUNTDOWN, null, null, new byte[0]));
        assertEquals(List.of(), weaversMade);
    }

    @Test
    void nullClassName_isSkipped() {
        assertNull(fake(null, woven(1)).transform(app, null, null, null, new byte[0]));
        assertEquals(List.of(), weaversMade);
    }

    @Test
    void redefinition_isSkipped() {
        assertNull(fake(null, woven(1)).transform(app, COUNTDOWN, Countdown.class, null, new byte[0]));
        assertEquals(List.of(), weaversMade);
    }

    @Test
    void classOutsideInclude_orInsideExclude_isSkipped() {
        assertNull(fake("include=com.acme.**", woven(1)).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertNull(fake("exclude=fixture.Count*", woven(1)).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertEquals(List.of(), weaversMade);
        assertSame(WOVEN, fake("include=fixture.*", woven(1)).transform(app, COUNTDOWN, null, null, new byte[0]));
    }

    @Test
    void wovenClass_isReturned_silentlyUnlessVerbose() {
        assertSame(WOVEN, fake(null, woven(2)).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertEquals("", err());
    }

    @Test
    void verbose_printsOneLinePerWovenClass() {
        WeftTransformer t = fake("verbose", woven(2));
        t.transform(app, COUNTDOWN, null, null, new byte[0]);
        assertEquals("weft: wove fixture.Countdown (2 methods rewritten)" + System.lineSeparator(), err());
    }

    @Test
    void unchangedClass_isNull_andSilentEvenWhenVerbose() {
        assertNull(fake("verbose", new WeaveResult(COUNTDOWN, null, 0, List.of())).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertEquals("", err());
    }

    @Test
    void warnings_arePrintedWithTheWeftPrefix_once() {
        fake(null, woven(1, "fixture.Countdown.run(I)V: left as it was", "weft: already prefixed"))
                .transform(app, COUNTDOWN, null, null, new byte[0]);
        String nl = System.lineSeparator();
        assertEquals("weft: fixture.Countdown.run(I)V: left as it was" + nl + "weft: already prefixed" + nl, err());
    }

    // Names come from class bytes, which may hold newlines and terminal escapes: printed escaped.

    private static final String EVIL = "fixture/Evil\nweft: wove fixture.Fake\u001b[2J";
    private static final String EVIL_PRINTED = "fixture.Evil\\nweft: wove fixture.Fake\\u001b[2J";

    @Test
    void weaverFailure_onAClassWithControlCharactersInItsName_printsOneEscapedLine() {
        assertNull(throwing(null, new IllegalStateException("in " + EVIL)).transform(app, EVIL, null, null, new byte[0]));
        assertEquals("weft: could not weave " + EVIL_PRINTED + ": java.lang.IllegalStateException: in "
                + "fixture/Evil\\nweft: wove fixture.Fake\\u001b[2J; left as it was" + System.lineSeparator(), err());
    }

    @Test
    void verboseTrace_ofAFailure_escapesItsMessages() {
        IllegalStateException boom = new IllegalStateException("bad\nname", new RuntimeException("cause\u001b"));
        throwing("verbose", boom).transform(app, COUNTDOWN, null, null, new byte[0]);
        List<String> lines = err().lines().toList();
        assertEquals("java.lang.IllegalStateException: bad\\nname", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat "), lines.get(2));
        assertTrue(lines.contains("Caused by: java.lang.RuntimeException: cause\\u001b"), err());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("\tat ") || l.startsWith("java.") || l.startsWith("Caused by: ")), err());
    }

    @Test
    void warningQuotingAControlCharacter_isPrintedEscaped_onOneLine() {
        fake(null, woven(1, "fixture.Evil\nweft: fake.m()V: left as it was")).transform(app, COUNTDOWN, null, null, new byte[0]);
        assertEquals("weft: fixture.Evil\\nweft: fake.m()V: left as it was" + System.lineSeparator(), err());
    }

    @Test
    void verbose_namesAWovenClassEscaped() {
        fake("verbose", woven(1)).transform(app, EVIL, null, null, new byte[0]);
        assertEquals("weft: wove " + EVIL_PRINTED + " (1 method rewritten)" + System.lineSeparator(), err());
    }

    @Test
    void dumpDirectory_thatDoesNotExist_isAnError_andIsNotCreated(@TempDir Path dir) {
        Path missing = dir.resolve("wovne");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeftTransformer.checkDumpDirectory(missing));
        assertEquals("weft agent: option \"dump\": directory " + missing + " does not exist; create it first", e.getMessage());
        assertTrue(Files.notExists(missing));
    }

    @Test
    void dumpDirectory_thatIsAFile_isAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeftTransformer.checkDumpDirectory(file));
        assertEquals("weft agent: option \"dump\": " + file + " is not a directory", e.getMessage());
    }

    @Test
    void dumpDirectory_thatExists_passes(@TempDir Path dir) {
        WeftTransformer.checkDumpDirectory(dir);
    }

    @Test
    void oneWeaverPerLoader() throws IOException {
        WeftTransformer t = fake(null, woven(1));
        try (URLClassLoader other = new URLClassLoader(new URL[0], null)) {
            t.transform(app, COUNTDOWN, null, null, new byte[0]);
            t.transform(app, "fixture/Other", null, null, new byte[0]);
            t.transform(other, COUNTDOWN, null, null, new byte[0]);
            t.transform(other, COUNTDOWN, null, null, new byte[0]);
        }
        assertEquals(2, weaversMade.size());
        assertSame(app, weaversMade.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"runtime", "error"})
    void weaverFailure_leavesTheClass_andSaysSoInOneLine(String kind) {
        Throwable boom = kind.equals("runtime") ? new IllegalStateException("boom") : new StackOverflowError("deep");
        assertNull(throwing(null, boom).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertEquals("weft: could not weave fixture.Countdown: " + boom + "; left as it was" + System.lineSeparator(), err());
    }

    @Test
    void weaverFactoryFailure_isCaughtToo() {
        WeftTransformer t = new WeftTransformer(AgentOptions.DEFAULT, err, loader -> {
            throw new LinkageError("no ASM");
        });
        assertNull(t.transform(app, COUNTDOWN, null, null, new byte[0]));
        assertTrue(err().startsWith("weft: could not weave fixture.Countdown: java.lang.LinkageError: no ASM"), err());
    }

    @Test
    void dump_writesEachRewrittenClassUnderItsInternalName(@TempDir Path dir) throws IOException {
        assertSame(WOVEN, fake("dump=" + dir, woven(1)).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertArrayEquals(WOVEN, Files.readAllBytes(dir.resolve("fixture/Countdown.class")));
        assertEquals("", err());
    }

    @Test
    void dump_ofAnUnchangedClass_writesNothing(@TempDir Path dir) throws IOException {
        fake("dump=" + dir, new WeaveResult(COUNTDOWN, null, 0, List.of())).transform(app, COUNTDOWN, null, null, new byte[0]);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void dumpFailure_isReported_butTheWovenClassIsStillUsed(@TempDir Path dir) throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        assertSame(WOVEN, fake("dump=" + notADir, woven(1)).transform(app, COUNTDOWN, null, null, new byte[0]));
        assertTrue(err().startsWith("weft: could not dump fixture.Countdown to "), err());
    }

    // The pre-scan: a class it tells needs nothing never reaches a weaver, nor makes one.

    @Test
    void plainClass_isAnsweredByThePreScan_withoutAWeaver() throws IOException {
        WeftTransformer t = fake(null, woven(1));
        assertNull(t.transform(app, "fixture/Plain", null, null, bytesOf(Plain.class)));
        assertEquals(List.of(), weaversMade);
    }

    @Test
    void suspendableClass_passesThePreScan_toTheWeaver() throws IOException {
        assertSame(WOVEN, fake(null, woven(1)).transform(app, COUNTDOWN, null, null, countdownBytes()));
        assertEquals(List.of(app), weaversMade);
    }

    @Test
    void raceMode_hasNoPreScan_everyClassReachesTheWeaver() throws IOException {
        assertSame(WOVEN, fake("race", woven(1)).transform(app, "fixture/Plain", null, null, bytesOf(Plain.class)));
        assertEquals(List.of(app), weaversMade);
    }

    @Test
    void realWeaver_plainClass_isLeftAsItWas_silently() throws IOException {
        assertNull(new WeftTransformer(AgentOptions.parse("verbose"), err, realWeavers())
                .transform(app, "fixture/Plain", null, null, bytesOf(Plain.class)));
        assertEquals("", err());
    }

    @Test
    void classFiles_ofTheApplicationLoader_readTheClassPathAsTheWeaversSourceDoes() throws IOException {
        PreScan.ClassFiles files = LoaderClassFiles.of(ClassLoader.getSystemClassLoader());
        byte[] weavers = ClassSource.of(ClassLoader.getSystemClassLoader()).classBytes(COUNTDOWN);
        try (InputStream in = files.open(COUNTDOWN)) {
            assertArrayEquals(weavers, in.readAllBytes());
        }
        assertNull(files.open("no/such/Type"));
        // a class of the JDK's modules makes nothing suspendable-capable: answered as none, unread
        assertNull(files.open("javax/sql/DataSource"));
        assertNull(files.open("java/lang/Object"));
    }

    @Test
    void classFiles_ofAnyOtherLoader_askItAsTheWeaversSourceDoes() throws IOException {
        byte[] served = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE};
        ClassLoader custom = new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return name.equals("served/Type.class") ? new java.io.ByteArrayInputStream(served) : null;
            }
        };
        try (InputStream in = LoaderClassFiles.of(custom).open("served/Type")) {
            assertArrayEquals(served, in.readAllBytes());
        }
        assertNull(LoaderClassFiles.of(custom).open("java/lang/Object"));
    }

    // With the real weaver: whatever it makes of the input, transform answers and does not throw.

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 64})
    void realWeaver_garbageBytes_leftAsTheyWere(int length) {
        byte[] garbage = new byte[length];
        for (int i = 0; i < length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        if (length >= 4) {
            garbage[0] = (byte) 0xCA; garbage[1] = (byte) 0xFE; garbage[2] = (byte) 0xBA; garbage[3] = (byte) 0xBE;
        }
        assertNull(new WeftTransformer(AgentOptions.DEFAULT, err, realWeavers()).transform(app, COUNTDOWN, null, null, garbage));
    }

    @Test
    void realWeaver_suspendableClass_returnsNullOrBytes_andDumpsWhatItReturns(@TempDir Path dir) throws IOException {
        byte[] original = countdownBytes();
        byte[] out = new WeftTransformer(AgentOptions.parse("dump=" + dir), err, realWeavers())
                .transform(app, COUNTDOWN, null, null, original.clone());
        Path dumped = dir.resolve("fixture/Countdown.class");
        if (out == null) {
            assertTrue(Files.notExists(dumped));
        } else {
            assertArrayEquals(out, Files.readAllBytes(dumped));
        }
    }

    /** The production weaver factory, reached through the production constructor's default. */
    private Function<ClassLoader, WeftTransformer.ClassWeaver> realWeavers() {
        return WeftTransformer::realWeaver;
    }
}
