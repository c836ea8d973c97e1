package dev.weft.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The weaver's command line: weaves every class of a directory or jar, in place or into an
 * output, so a program can run woven without the agent.
 *
 * <pre>
 * java dev.weft.instrument.Main &lt;classes-dir | jar&gt; [--out &lt;dir | jar&gt;] [--classpath &lt;path&gt;] [--verify] [--verbose]
 * </pre>
 *
 * Types the input refers to are resolved from the input, then {@code --classpath}, then the
 * JDK. Exit status: 0 done, 1 a woven class failed verification, 2 bad arguments or I/O error.
 */
public final class Main {
    private final Path input;
    private final Path output;
    private final boolean verify;
    private final boolean verbose;
    private final Weaver weaver;
    private final PrintStream out;
    private int classes;
    private int woven;
    private int methods;
    private int failures;

    private Main(Path input, Path output, List<Path> classpath, boolean verify, boolean verbose, PrintStream out) {
        this.input = input;
        this.output = output;
        this.verify = verify;
        this.verbose = verbose;
        this.out = out;
        List<URL> urls = new ArrayList<>();
        urls.add(url(input));
        for (Path p : classpath) {
            urls.add(url(p));
        }
        // A loader only to read resources: the weaver never loads a class through it.
        ClassLoader resources = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        this.weaver = new Weaver(ClassSource.of(resources).or(ClassSource.of(Main.class.getClassLoader())), WeaveOptions.DEFAULT);
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
        try {
            Main main = new Main(input, output == null ? input : output, classpath, verify, verbose, err);
            if (Files.isDirectory(input)) {
                main.weaveDirectory();
            } else {
                main.weaveJar();
            }
            if (verbose || verify) {
                out.printf("weft: %d classes read, %d woven, %d methods rewritten%s%n", main.classes, main.woven,
                        main.methods, verify ? ", " + main.failures + " verification failures" : "");
            }
            return main.failures == 0 ? 0 : 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("weft: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: java dev.weft.instrument.Main <classes-dir | jar> [--out <dir | jar>]"
                + " [--classpath <path>] [--verify] [--verbose]");
        return 2;
    }

    private void weaveDirectory() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = output.resolve(input.relativize(file).toString());
            byte[] bytes = Files.readAllBytes(file);
            byte[] result = file.toString().endsWith(".class") ? weave(bytes) : bytes;
            if (result != bytes || !target.equals(file)) {
                Files.createDirectories(target.getParent());
                Files.write(target, result);
            }
        }
    }

    private void weaveJar() throws IOException {
        Path temp = Files.createTempFile("weft", ".jar");
        try (ZipFile zip = new ZipFile(input.toFile());
             ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(temp))) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    bytes = weave(bytes);
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                jar.putNextEntry(copy);
                jar.write(bytes);
                jar.closeEntry();
            }
        }
        Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Weaves one class; answers the bytes to write (the same array if unchanged). */
    private byte[] weave(byte[] bytes) {
        classes++;
        WeaveResult r = weaver.weave(bytes);
        for (String w : r.warnings()) {
            out.println("weft: " + w);
        }
        if (!r.changed()) {
            return bytes;
        }
        woven++;
        methods += r.rewrittenMethods();
        if (verbose) {
            out.println("weft: woven " + r.className().replace('/', '.') + " (" + r.rewrittenMethods() + " methods)");
        }
        if (verify) {
            for (String problem : weaver.verify(r.bytes())) {
                failures++;
                out.println("weft: verification failed: " + problem);
            }
        }
        return r.bytes();
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
