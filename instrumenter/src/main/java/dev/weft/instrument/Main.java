package dev.weft.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The weaver's command line: weaves every class of a directory or jar, in place or into an
 * output, so a program can run woven without the agent.
 *
 * <pre>
 * java dev.weft.instrument.Main &lt;classes-dir | jar&gt; [--out &lt;dir | jar&gt;] [--classpath &lt;path&gt;] [--verify] [--strict] [--verbose]
 * </pre>
 *
 * Types the input refers to are resolved from the input, then {@code --classpath}, then the
 * JDK. A class or method the weaver cannot handle is a warning on stderr, or with
 * {@code --strict} a failure. A run that fails writes nothing: the input (or output) is left as
 * it was, never half woven. Prints its summary line only with {@code --verbose} or when there is
 * a problem.
 *
 * <p>Exit status: {@value #OK} woven (warnings, if any, on stderr); {@value #VERIFY_FAILED} a
 * woven class failed verification ({@code --verify}: a weft bug), nothing written;
 * {@value #USAGE} bad arguments or no such input; {@value #BAD_INPUT} the input could not be
 * woven: an I/O error, or with {@code --strict} a class that cannot be read or a method that
 * cannot be rewritten, nothing written.
 */
public final class Main {
    static final int OK = 0;
    static final int VERIFY_FAILED = 1;
    static final int USAGE = 2;
    static final int BAD_INPUT = 3;

    private final Path input;
    private final Path output;
    private final WeaveDirectory weaving;

    private Main(Path input, Path output, ClassSource types, boolean verify, boolean strict, boolean verbose,
            PrintStream out) {
        this.input = input;
        this.output = output;
        this.weaving = new WeaveDirectory(new Weaver(types, WeaveOptions.DEFAULT), verify, strict,
                verbose ? line -> out.println("weft: " + line) : null);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; answers its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path input = null;
        Path output = null;
        List<Path> classpath = new ArrayList<>();
        boolean verify = false;
        boolean strict = false;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> output = i + 1 < args.length ? Path.of(args[++i]) : null;
                case "--classpath", "-cp" -> {
                    if (i + 1 < args.length) {
                        for (String p : args[++i].split(java.io.File.pathSeparator)) {
                            if (!p.isEmpty()) {
                                classpath.add(Path.of(p));
                            }
                        }
                    }
                }
                case "--verify" -> verify = true;
                case "--strict" -> strict = true;
                case "--verbose" -> verbose = true;
                default -> {
                    if (args[i].startsWith("-") || input != null) {
                        err.println("weft: unknown argument " + args[i]);
                        return usage(err);
                    }
                    input = Path.of(args[i]);
                }
            }
        }
        if (input == null || !Files.exists(input)) {
            err.println(input == null ? "weft: no input given" : "weft: no such file or directory: " + input);
            return usage(err);
        }
        // Reads resources only: the weaver never loads a class through it.
        try (WeaveDirectory.ClassPath types = WeaveDirectory.classPath(input, classpath)) {
            Main main = new Main(input, output == null ? input : output,
                    types.or(ClassSource.of(Main.class.getClassLoader())), verify, strict, verbose, err);
            WeaveDirectory.Summary s = Files.isDirectory(input) ? main.weaving.weave(main.input, main.output) : main.weaveJar();
            int failures = 0;
            for (WeaveDirectory.Problem p : s.problems()) {
                failures += p.kind() == WeaveDirectory.Kind.VERIFY_FAILED ? 1 : 0;
                err.println("weft: " + p);
            }
            if (s.worthPrinting(verbose)) {
                out.printf("weft: %d classes read, %d woven, %d methods rewritten%s%s%n", s.scanned(), s.woven(),
                        s.methods(), verify ? ", " + failures + " verification failures" : "",
                        s.failed() ? "; nothing written" : "");
            }
            return failures > 0 ? VERIFY_FAILED : s.failed() ? BAD_INPUT : OK;
        } catch (IOException | UncheckedIOException e) {
            err.println("weft: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: java dev.weft.instrument.Main <classes-dir | jar> [--out <dir | jar>]"
                + " [--classpath <path>] [--verify] [--strict] [--verbose]");
        err.println("exit status: 0 woven, 1 verification failed, 2 usage, 3 input could not be woven"
                + " (nothing is written when the status is not 0)");
        return USAGE;
    }

    /** Weaves the jar into a temporary jar, moved over the output only if the run did not fail. */
    private WeaveDirectory.Summary weaveJar() throws IOException {
        Path temp = Files.createTempFile("weft", ".jar");
        try {
            try (ZipFile zip = new ZipFile(input.toFile());
                 ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(temp))) {
                for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    byte[] bytes;
                    try (InputStream in = zip.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    if (WeaveDirectory.isClassFile(entry.getName())) {
                        bytes = weaving.weaveClass(Path.of(input + "!/" + entry.getName()), bytes);
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    jar.putNextEntry(copy);
                    jar.write(bytes);
                    jar.closeEntry();
                }
            }
            WeaveDirectory.Summary summary = weaving.summary();
            if (!summary.failed()) {
                Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
            }
            return summary;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
