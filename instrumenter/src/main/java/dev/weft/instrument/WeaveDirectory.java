package dev.weft.instrument;

import dev.weft.instrument.internal.Names;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Weaves the class files of a build's output directory in place: the one loop that the command
 * line ({@link Main}), the Maven plugin and the Gradle plugin share, so they count, warn and fail
 * alike.
 *
 * <p>Every {@code .class} file under the directory is read and given to the {@link Weaver}; a
 * changed class is written back over the original, an unchanged one is not touched (its
 * timestamp stays, so build tools see nothing new). Idempotent: a class already woven carries
 * {@code @Woven} and is skipped, so weaving the same directory twice, or a directory that an
 * incremental compile left half woven, rewrites only what is new.
 *
 * <p>Nothing here decides whether a {@link Problem} fails the build: strict builds fail on any,
 * lenient ones print them as warnings. Not thread-safe: one instance per weaving run.
 */
public final class WeaveDirectory {
    /** What kind of trouble a class gave. */
    public enum Kind {
        /** The file is not a class file the weaver can parse; it was left as it was. */
        UNREADABLE,
        /** A method (or the whole class) could not be rewritten and was left as it was: parks below it pin. */
        NOT_REWRITTEN,
        /** A woven class failed verification; it was still written. */
        VERIFY_FAILED
    }

    /**
     * One class the weaver had trouble with.
     *
     * @param file      the class file
     * @param className the class's binary name ({@code a.b.C}), or null if the file could not be parsed
     * @param message   the weaver's message, which names the method and the reason
     */
    public record Problem(Path file, String className, Kind kind, String message) {
        @Override
        public String toString() {
            return (kind == Kind.UNREADABLE ? file + ": " : "") + message;
        }
    }

    /**
     * The outcome of one run.
     *
     * @param scanned      class files read
     * @param woven        classes rewritten (and written back)
     * @param alreadyWoven classes skipped because they carry {@code @Woven} from an earlier run
     * @param methods      methods that became state machines
     */
    public record Summary(int scanned, int woven, int alreadyWoven, int methods, List<Problem> problems) {
        /** Classes left as they were: nothing to rewrite, already woven, or not rewritable. */
        public int skipped() {
            return scanned - woven;
        }

        /** The line a build prints: {@code 12 classes scanned, 3 woven, 9 skipped (1 already woven)}. */
        public String line() {
            return scanned + (scanned == 1 ? " class" : " classes") + " scanned, " + woven + " woven, " + skipped()
                    + " skipped" + (alreadyWoven > 0 ? " (" + alreadyWoven + " already woven)" : "");
        }
    }

    private final Weaver weaver;
    private final boolean verify;
    private final Consumer<String> verbose;
    private int scanned;
    private int woven;
    private int alreadyWoven;
    private int methods;
    private final List<Problem> problems = new ArrayList<>();

    /**
     * @param weaver  the weaver, whose {@link ClassSource} must see the directory being woven and
     *                the class path it was compiled against (see {@link #classPath})
     * @param verify  run {@link Weaver#verify} on every woven class
     * @param verbose receives one line per woven class; {@code null} for none
     */
    public WeaveDirectory(Weaver weaver, boolean verify, Consumer<String> verbose) {
        this.weaver = weaver;
        this.verify = verify;
        this.verbose = verbose == null ? line -> { } : verbose;
    }

    /**
     * Reads class bytes from a build's output directory, then its class path (directories and
     * jars, in order), then the JDK, as resources only: no class is ever loaded from it. Close it
     * when done: it holds the jars open (which would keep a long-lived build daemon from letting
     * them be deleted).
     */
    public static final class ClassPath implements ClassSource, Closeable {
        private final URLClassLoader loader;
        private final ClassSource source;

        private ClassPath(URLClassLoader loader) {
            this.loader = loader;
            this.source = ClassSource.of(loader);
        }

        @Override
        public byte[] classBytes(String internalName) {
            return source.classBytes(internalName);
        }

        @Override
        public void close() throws IOException {
            loader.close();
        }
    }

    /** The types {@code directory} was compiled against: itself, then {@code classpath}, then the JDK. */
    public static ClassPath classPath(Path directory, Collection<Path> classpath) {
        List<URL> urls = new ArrayList<>();
        urls.add(url(directory));
        for (Path p : classpath) {
            if (!p.equals(directory)) {
                urls.add(url(p));
            }
        }
        return new ClassPath(new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader()));
    }

    /**
     * Weaves every class under {@code input}, writing to the same relative path under
     * {@code output} ({@code output.equals(input)} weaves in place). Files that are not classes are
     * copied when {@code output} differs and left alone otherwise.
     */
    public Summary weave(Path input, Path output) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Path target = output.resolve(input.relativize(file).toString());
            byte[] bytes = Files.readAllBytes(file);
            byte[] result = isClassFile(file.getFileName().toString()) ? weaveClass(file, bytes) : bytes;
            if (result != bytes || !target.equals(file)) {
                Files.createDirectories(target.getParent());
                Files.write(target, result);
            }
        }
        return summary();
    }

    /** Weaves {@code directory} in place. */
    public Summary weave(Path directory) throws IOException {
        return weave(directory, directory);
    }

    /** Whether a file (or jar entry) of this name is a class the weaver should see. */
    public static boolean isClassFile(String name) {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.endsWith("package-info.class");
    }

    /**
     * Weaves one class read from {@code file} (a path or a jar entry, named in problems), counting
     * it in this run's summary. Answers the bytes to write: the same array when unchanged.
     */
    public byte[] weaveClass(Path file, byte[] bytes) {
        scanned++;
        WeaveResult r = weaver.weave(bytes);
        String name = r.className() == null ? null : r.className().replace('/', '.');
        for (String w : r.warnings()) {
            problems.add(new Problem(file, name, name == null ? Kind.UNREADABLE : Kind.NOT_REWRITTEN, w));
        }
        if (!r.changed()) {
            if (name != null && r.warnings().isEmpty() && isWoven(bytes)) {
                alreadyWoven++;
            }
            return bytes;
        }
        woven++;
        methods += r.rewrittenMethods();
        verbose.accept("woven " + name + " (" + r.rewrittenMethods() + (r.rewrittenMethods() == 1 ? " method)" : " methods)"));
        if (verify) {
            for (String problem : weaver.verify(r.bytes())) {
                problems.add(new Problem(file, name, Kind.VERIFY_FAILED, "verification failed: " + problem));
            }
        }
        return r.bytes();
    }

    /** The counts so far. */
    public Summary summary() {
        return new Summary(scanned, woven, alreadyWoven, methods, List.copyOf(problems));
    }

    /** Whether the class carries the {@code @Woven} marker; only its annotations are read. */
    private static boolean isWoven(byte[] bytes) {
        boolean[] found = {false};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                found[0] |= descriptor.equals(Names.WOVEN);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found[0];
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
