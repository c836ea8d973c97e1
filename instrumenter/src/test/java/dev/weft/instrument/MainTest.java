package dev.weft.instrument;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract: its exit statuses (0 woven, 1 verification failed, 2 usage,
 * 3 input that could not be woven), that a failing run writes nothing, and that a run that went
 * well prints nothing unless {@code --verbose}.
 */
class MainTest {
    private static final String CORPUS = "dev/weft/instrument/corpus";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void run_withoutInput_isAUsageError() {
        assertEquals(2, run());
        assertTrue(err().contains("usage:") && err().contains("exit status"), err());
    }

    @Test
    void run_unknownArgument_isAUsageError() {
        assertEquals(2, run(dir.toString(), "--frobnicate"));
        assertTrue(err().contains("unknown argument --frobnicate"), err());
    }

    @Test
    void run_missingInput_isAUsageError() {
        assertEquals(2, run(dir.resolve("absent").toString()));
        assertTrue(err().contains("no such file or directory"), err());
    }

    @Test
    void run_thatGoesWell_printsNothing_unlessVerbose() throws IOException {
        copyCorpus("Loops");

        assertEquals(0, run(dir.toString(), "-cp", testClasses().toString()));
        assertEquals("", out.toString(UTF_8) + err(), "a run without problems is silent");

        copyCorpus("Methods");
        assertEquals(0, run(dir.toString(), "-cp", testClasses().toString(), "--verbose"));
        assertTrue(err().contains("woven dev.weft.instrument.corpus.Methods"), err());
        assertTrue(out.toString(UTF_8).contains("classes read"), out.toString(UTF_8));
    }

    @Test
    void run_strictWithARefusedMethod_exitsThreeAndWritesNothing() throws IOException {
        copyCorpus("Loops");
        copyCorpus("PinByUninitializedLocal");
        byte[] loops = Files.readAllBytes(dir.resolve(CORPUS + "/Loops.class"));

        assertEquals(3, run(dir.toString(), "-cp", testClasses().toString(), "--strict"));

        assertTrue(err().contains("cannot rewrite dev.weft.instrument.corpus.PinByUninitializedLocal.build("), err());
        assertTrue(out.toString(UTF_8).contains("nothing written"), "a problem prints the summary: " + out);
        assertArrayEquals(loops, Files.readAllBytes(dir.resolve(CORPUS + "/Loops.class")), "nothing written");
    }

    @Test
    void run_lenientWithARefusedMethod_exitsZeroAndWarns() throws IOException {
        copyCorpus("PinByUninitializedLocal");

        assertEquals(0, run(dir.toString(), "-cp", testClasses().toString()));

        assertTrue(err().contains("cannot rewrite dev.weft.instrument.corpus.PinByUninitializedLocal.build("), err());
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    }

    private String err() {
        return err.toString(UTF_8);
    }

    private void copyCorpus(String simpleName) throws IOException {
        WeaveDirectoryTest.copyCorpus(dir, simpleName);
    }

    private static Path testClasses() {
        return WeaveDirectoryTest.testClasses();
    }
}
