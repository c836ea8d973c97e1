package dev.weft.instrument;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Weaver#weave} does with input it cannot or need not rewrite. An agent calls it on
 * every class the JVM loads, so it must never throw: bytes it cannot read come back unchanged
 * ({@code bytes == null}) with a warning saying why, and a class with nothing to rewrite, or one
 * already woven, comes back unchanged and silent.
 */
class WeaverRobustnessTest {
    private static final ClassLoader LOADER = WeaverRobustnessTest.class.getClassLoader();

    /** A class with one suspendable method, which parks. */
    private static final String SUSPENDING = """
            package robustness;

            public class Suspending {
                @dev.weft.Suspendable
                static void f() {
                    dev.weft.internal.cont.Continuation.park();
                }
            }
            """;

    /** A class with calls and branches but nothing suspendable. */
    private static final String PLAIN = """
            package robustness;

            public class Plain {
                int twice(int x) {
                    return x < 0 ? -twice(-x) : x * 2;
                }

                @Override
                public String toString() {
                    return "plain " + twice(21);
                }
            }
            """;

    @TempDir
    Path workDir;

    @Test
    void weave_emptyArray_returnsNullWithWarning() {
        WeaveResult result = weave(new byte[0], WeaveOptions.DEFAULT);

        assertUnreadable(result, "an empty array");
        assertNull(result.className(), "className of an empty array");
    }

    @Test
    void weave_garbageBytes_returnsNullWithWarning() {
        WeaveResult result = weave("this is not a class file at all".getBytes(UTF_8), WeaveOptions.DEFAULT);

        assertUnreadable(result, "garbage");
        assertNull(result.className(), "className of garbage");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void weave_garbageAfterAValidHeader_returnsNullWithWarning() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[8 + random.nextInt(512)];
            random.nextBytes(garbage);
            // magic 0xCAFEBABE, minor 0, major 61 (Java 17): only what follows is garbage
            byte[] header = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61};
            System.arraycopy(header, 0, garbage, 0, header.length);

            assertUnreadable(weave(garbage, new WeaveOptions(true)), "garbage #" + i + " after a valid header");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void weave_everyTruncationOfAClass_returnsNullWithWarning() {
        byte[] whole = compiled("robustness.Suspending", SUSPENDING);

        for (int length = 0; length < whole.length; length++) {
            byte[] truncated = Arrays.copyOf(whole, length);
            assertUnreadable(weave(truncated, WeaveOptions.DEFAULT),
                    "the class cut to " + length + " of its " + whole.length + " bytes");
        }
    }

    @Test
    void weave_classOfAFutureVersion_returnsNullWithWarningNamingTheVersion() {
        byte[] future = compiled("robustness.Suspending", SUSPENDING);
        future[6] = 0; // major_version, big-endian, after magic (4 bytes) and minor_version (2)
        future[7] = 99;

        WeaveResult result = weave(future, WeaveOptions.DEFAULT);

        assertUnreadable(result, "a class of version 99");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("99")),
                "a warning should name the unsupported version 99: " + result.warnings());
    }

    @Test
    void weave_thisClassZero_returnsNullWithWarning() {
        byte[] bytes = compiled("robustness.Suspending", SUSPENDING);
        int thisClass = new org.objectweb.asm.ClassReader(bytes).header + 2; // after access_flags
        bytes[thisClass] = 0;
        bytes[thisClass + 1] = 0;

        WeaveResult result = weave(bytes, WeaveOptions.DEFAULT);

        assertUnreadable(result, "a class whose this_class is 0");
    }

    @Test
    void weave_whenTheClassSourceThrowsAnError_warnsInsteadOfThrowing() {
        byte[] bytes = compiled("robustness.Suspending", SUSPENDING);
        ClassSource failing = name -> {
            if (name.startsWith("dev/weft/")) {
                throw new AssertionError("source broke on " + name);
            }
            return ClassSource.of(LOADER).classBytes(name);
        };

        WeaveResult result;
        try {
            result = new Weaver(failing, WeaveOptions.DEFAULT).weave(bytes);
        } catch (Throwable t) {
            throw new AssertionError("weave must never throw, but threw", t);
        }

        assertNull(result.bytes(), "a class the weaver could not decide on must be left as it was");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("robustness.Suspending")),
                "the warning should name the class: " + result.warnings());
    }

    @Test
    void weave_classWithoutSuspendableMethods_leavesItAsItWas() {
        byte[] plain = compiled("robustness.Plain", PLAIN);
        byte[] before = plain.clone();

        WeaveResult result = weave(plain, WeaveOptions.DEFAULT);

        assertNull(result.bytes(), "a class with nothing suspendable must be left as it was");
        assertEquals(0, result.rewrittenMethods());
        assertEquals(List.of(), result.warnings());
        assertEquals("robustness/Plain", result.className());
        assertArrayEquals(before, plain, "weave must not modify the array it was given");
    }

    @Test
    void weave_alreadyWovenClass_isANoOp() {
        byte[] original = compiled("robustness.Suspending", SUSPENDING);

        WeaveResult once = weave(original, WeaveOptions.DEFAULT);
        assertNotNull(once.bytes(), "the class has a suspendable method and must be rewritten; warnings: "
                + once.warnings());
        assertEquals(1, once.rewrittenMethods(), "rewritten methods");
        assertEquals(List.of(), once.warnings());
        assertEquals(List.of(), new BytecodeVerifier(LOADER).verify(once.bytes()), "woven class fails ASM's checks");
        HotSpotVerifier jvm = new HotSpotVerifier(LOADER, Map.of("robustness/Suspending", once.bytes()));
        assertNull(jvm.link("robustness/Suspending"), "woven class fails the JVM's verifier");

        WeaveResult twice = weave(once.bytes(), WeaveOptions.DEFAULT);
        assertNull(twice.bytes(), "weaving a woven class again must be a no-op");
        assertEquals(0, twice.rewrittenMethods());
        assertEquals(List.of(), twice.warnings());

        WeaveResult twiceInTestMode = weave(once.bytes(), new WeaveOptions(true));
        assertNull(twiceInTestMode.bytes(), "weaving a woven class again must be a no-op, in test mode too");
        assertEquals(0, twiceInTestMode.rewrittenMethods());
    }

    /**
     * 1000 copies of a real class with one to four bytes after the header overwritten (fixed seed):
     * some no longer parse, some parse into nonsense, a few are still valid; none may make weave throw.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void weave_randomlyCorruptedClasses_neverThrows() {
        byte[] original = compiled("robustness.Suspending", SUSPENDING);
        Random random = new Random(7);
        List<String> threw = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] corrupt = original.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                corrupt[8 + random.nextInt(corrupt.length - 8)] = (byte) random.nextInt(256);
            }
            WeaveOptions options = i % 2 == 0 ? WeaveOptions.DEFAULT : new WeaveOptions(true);
            try {
                assertNotNull(newWeaver(options).weave(corrupt), "weave returned null");
            } catch (Throwable t) {
                threw.add("mutant #" + i + ": " + t);
            }
        }
        if (!threw.isEmpty()) {
            fail(threw.size() + " of 1000 corrupted classes made weave throw, e.g.\n  "
                    + String.join("\n  ", threw.subList(0, Math.min(10, threw.size()))));
        }
    }

    private byte[] compiled(String typeName, String source) {
        Map<String, byte[]> classes = SourceCompiler.compile(workDir, typeName, source);
        byte[] bytes = classes.get(typeName.replace('.', '/'));
        assertNotNull(bytes, typeName + " not among the compiled classes " + classes.keySet());
        return bytes;
    }

    private static Weaver newWeaver(WeaveOptions options) {
        return new Weaver(ClassSource.of(LOADER), options);
    }

    /** Weaves, failing the test if weave throws or returns no result. */
    private static WeaveResult weave(byte[] classBytes, WeaveOptions options) {
        WeaveResult result;
        try {
            result = newWeaver(options).weave(classBytes);
        } catch (Throwable t) {
            throw new AssertionError("weave must never throw, but threw", t);
        }
        assertNotNull(result, "weave returned null");
        return result;
    }

    private static void assertUnreadable(WeaveResult result, String what) {
        assertNull(result.bytes(), what + " must be left unchanged");
        assertEquals(0, result.rewrittenMethods(), what + ": rewritten methods");
        assertTrue(!result.warnings().isEmpty(), what + " must come back with a warning saying why");
        for (String warning : result.warnings()) {
            assertTrue(warning != null && !warning.isBlank(), what + ": blank warning in " + result.warnings());
        }
    }
}
