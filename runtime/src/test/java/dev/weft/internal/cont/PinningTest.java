package dev.weft.internal.cont;

import dev.weft.PinnedError;
import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a pinned park's warning says (here as the {@link PinnedError} of strict mode): the cause
 * that is really there, not always "annotate it". Test classes are woven like the runtime; a
 * class that must not be is compiled here at run time and loaded unwoven.
 */
class PinningTest {
    private String oldStrict;

    @TempDir
    Path workDir;

    @BeforeEach
    void strict() {
        oldStrict = System.setProperty("weft.strict", "true");
    }

    @AfterEach
    void restore() {
        if (oldStrict == null) {
            System.clearProperty("weft.strict");
        } else {
            System.setProperty("weft.strict", oldStrict);
        }
    }

    @Test
    void pin_inALambdaOfAClassThatWasNotWoven_saysTheClassWasNotWoven() throws Exception {
        // The quick start without the agent: a SuspendableRunnable lambda, never woven.
        SuspendableRunnable body = (SuspendableRunnable) unwoven("QuickStart", """
                package pinning;

                public class QuickStart {
                    public static dev.weft.SuspendableRunnable body() {
                        return () -> dev.weft.internal.cont.Continuation.park();
                    }
                }
                """).getMethod("body").invoke(null);

        String message = pinMessage(body);

        assertTrue(message.contains("pinning.QuickStart carries no weft marker, so it was not woven"), message);
        assertTrue(message.contains("-javaagent:") && message.contains("Maven or Gradle plugin"), message);
        assertTrue(!message.contains("is a lambda of an interface that is not @Suspendable"), message);
    }

    @Test
    void pin_inAnAnnotatedMethodOfAClassThatWasNotWoven_saysTheClassWasNotWoven() throws Exception {
        // What include= leaving a class out looks like: annotated, but never rewritten.
        SuspendableRunnable body = (SuspendableRunnable) unwoven("Excluded", """
                package pinning;

                public class Excluded implements dev.weft.SuspendableRunnable {
                    @Override
                    public void run() {
                        helper();
                    }

                    @dev.weft.Suspendable
                    static void helper() {
                        dev.weft.internal.cont.Continuation.park();
                    }
                }
                """).getConstructor().newInstance();

        String message = pinMessage(body);

        assertTrue(message.contains("pinning.Excluded.helper was not rewritten"), message);
        assertTrue(message.contains("include= covers pinning.Excluded"), message);
        assertTrue(!message.contains("is not @Suspendable; annotate it"), message);
    }

    @Test
    void pin_inASynchronizedSuspendableMethod_saysItIsSynchronized() {
        String message = pinMessage(() -> new Locked().take());

        assertTrue(message.contains("Locked.take is @Suspendable but synchronized"), message);
        assertTrue(!message.contains("annotate it"), message);
    }

    @Test
    void pin_inAnAnnotatedMethodReachingTheParkThroughAPlainInterface_saysSo() {
        String message = pinMessage(() -> new Mixed().viaIterator(new ParkingIterator()));

        assertTrue(message.contains("Mixed.viaIterator is @Suspendable but was not rewritten"), message);
        assertTrue(message.contains("ParkingIterator.hasNext through a call that is not a suspension point"), message);
        assertTrue(!message.contains("annotate it"), message);
    }

    @Test
    void pin_inARewrittenMethodReachedThroughAPlainInterface_namesTheInterface() {
        Iterator<Object> it = new ParkingIterator();

        // The body parks first, so it is rewritten; its call through Iterator is not a suspension point.
        String message = pinMessage(() -> {
            Continuation.park();
            it.hasNext();
        });

        assertTrue(message.contains("ParkingIterator.hasNext was rewritten, but it was reached through"
                + " java.util.Iterator.hasNext, which is not @Suspendable"), message);
    }

    @Test
    void pin_inAPlainMethod_stillSaysAnnotateIt() {
        String message = pinMessage(PinningTest::plain);

        assertTrue(message.contains("PinningTest.plain is not @Suspendable; annotate it"), message);
    }

    private static void plain() {
        Continuation.park();
    }

    static final class Locked {
        @Suspendable
        synchronized void take() {
            Continuation.park();
        }
    }

    /** Woven (for {@link #other}); {@link #viaIterator} has no suspension point, so it is not rewritten. */
    static final class Mixed {
        @Suspendable
        void viaIterator(Iterator<?> it) {
            it.hasNext();
        }

        @Suspendable
        void other() {
            Continuation.park();
        }
    }

    static final class ParkingIterator implements Iterator<Object> {
        @Override
        @Suspendable
        public boolean hasNext() {
            Continuation.park();
            return false;
        }

        @Override
        public Object next() {
            throw new java.util.NoSuchElementException();
        }
    }

    /** Runs {@code body} strict, resuming it after each park that unwinds, and answers the PinnedError's message. */
    private static String pinMessage(SuspendableRunnable body) {
        Continuation c = new Continuation(body);
        PinnedError e = assertThrows(PinnedError.class, () -> {
            for (int i = 0; i < 10 && !c.run(); i++) {
                // parked and unwound: resume
            }
        });
        return e.getMessage();
    }

    /** Compiles {@code source} (package {@code pinning}) and loads it unwoven. */
    private Class<?> unwoven(String simpleName, String source) throws Exception {
        Path src = workDir.resolve("src/pinning/" + simpleName + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, source);
        Path out = workDir.resolve("classes");
        Files.createDirectories(out);
        Path runtime = Path.of(Continuation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "--release", "17", "-cp", runtime.toString(),
                "-d", out.toString(), src.toString());
        assertEquals(0, status, diagnostics.toString());
        URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, PinningTest.class.getClassLoader());
        return loader.loadClass("pinning." + simpleName);
    }
}
