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
import java.nio.file.StandardCopyOption;
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
 * <p>All or nothing: every class is woven in memory first, and only a run that does not fail
 * writes anything. A run fails on a verification failure, and in strict mode on any
 * {@link Problem}; then the directory is left exactly as it was, never half woven. Writing goes
 * through temporary files beside the targets, all written before any is moved into place, so an
 * I/O error while writing them changes nothing either. Lenient runs write, and their callers
 * print the problems as warnings. Not thread-safe: one instance per weaving run.
 */
public final class WeaveDirectory {
    /** What kind of trouble a class gave. */
    public enum Kind {
        /** The file is not a class file the weaver can parse; it was left as it was. */
        UNREADABLE,
        /** A method (or the whole class) could not be rewritten and was left as it was: parks below it pin. */
        NOT_REWRITTEN,
        /** A woven class failed verification: the run fails and writes nothing. */
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
     * @param failed       the run failed (see {@link WeaveDirectory}): nothing was written
     */
    public record Summary(int scanned, int woven, int alreadyWoven, int methods, List<Problem> problems,
            boolean failed) {
        /** Classes left as they were: nothing to rewrite, already woven, or not rewritable. */
        public int skipped() {
            return scanned - woven;
        }

        /** The line a build prints: {@code 12 classes scanned, 3 woven, 9 skipped (1 already woven)}. */
        public String line() {
            return scanned + (scanned == 1 ? " class" : " classes") + " scanned, " + woven + " woven, " + skipped()
                    + " skipped" + (alreadyWoven > 0 ? " (" + alreadyWoven + " already woven)" : "")
                    + (failed ? "; nothing written" : "");
        }

        /**
         * Whether a build prints {@link #line}: only when asked to be verbose or when something
         * went wrong, so that a quiet build ({@code mvn -q}) stays quiet.
         */
        public boolean worthPrinting(boolean verbose) {
            return verbose || !problems.isEmpty();
        }
    }

    private final Weaver weaver;
    private final boolean verify;
    private final boolean strict;
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
     * @param strict  any problem fails the run (and so nothing is written)
     * @param verbose receives one line per woven class; {@code null} for none
     */
    public WeaveDirectory(Weaver weaver, boolean verify, boolean strict, Consumer<String> verbose) {
        this.weaver = weaver;
        this.verify = verify;
        this.strict = strict;
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
     * copied when {@code output} differs and left alone otherwise. Writes nothing if the run
     * fails ({@link Summary#failed}).
     */
    public Summary weave(Path input, Path output) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        List<Output> outputs = new ArrayList<>();
        for (Path file : files) {
            Path target = output.resolve(input.relativize(file).toString());
            if (isClassFile(file.getFileName().toString())) {
                byte[] bytes = Files.readAllBytes(file);
                byte[] result = weaveClass(file, bytes);
                if (result != bytes || !target.equals(file)) {
                    outputs.add(new Output(target, result, null));
                }
            } else if (!target.equals(file)) {
                outputs.add(new Output(target, null, file));
            }
        }
        Summary summary = summary();
        if (!summary.failed()) {
            write(outputs);
        }
        return summary;
    }

    /** A file to write: {@code bytes}, or else a copy of {@code source}. */
    private record Output(Path target, byte[] bytes, Path source) {
    }

    /**
     * Writes every output to a temporary file beside its target, then moves each into place:
     * an I/O error before the moves leaves every target as it was.
     */
    private static void write(List<Output> outputs) throws IOException {
        List<Path> temps = new ArrayList<>();
        try {
            for (Output o : outputs) {
                Files.createDirectories(o.target().getParent());
                // Not createTempFile: its owner-only permissions would stay on the moved file.
                Path temp = o.target().resolveSibling(o.target().getFileName() + ".weft-tmp");
                temps.add(temp);
                if (o.bytes() != null) {
                    Files.write(temp, o.bytes());
                } else {
                    Files.copy(o.source(), temp, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Path t : temps) {
                Files.deleteIfExists(t);
            }
            throw e;
        }
        for (int i = 0; i < outputs.size(); i++) {
            Files.move(temps.get(i), outputs.get(i).target(), StandardCopyOption.REPLACE_EXISTING);
        }
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

    /** The counts so far; failed if any problem so far fails the run. */
    public Summary summary() {
        boolean failed = problems.stream().anyMatch(p -> strict || p.kind() == Kind.VERIFY_FAILED);
        return new Summary(scanned, woven, alreadyWoven, methods, List.copyOf(problems), failed);
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
