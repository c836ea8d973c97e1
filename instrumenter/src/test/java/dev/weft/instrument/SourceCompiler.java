package dev.weft.instrument;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A test utility that compiles Java source at test time with the JDK's compiler, against weft's
 * runtime (so the source may use {@code @Suspendable} and {@code Continuation}), and hands back the
 * class files, keyed by internal name, without loading them.
 */
final class SourceCompiler {
    private SourceCompiler() {
    }

    /**
     * Compiles one compilation unit in {@code workDir}.
     *
     * @param typeName the binary name of its public or top-level type, e.g. {@code "p.T"}
     * @return the bytes of every class it compiled to, nested and anonymous ones included
     * @throws AssertionError with javac's diagnostics if it does not compile
     */
    static Map<String, byte[]> compile(Path workDir, String typeName, String source) {
        try {
            Path sourceFile = workDir.resolve("src").resolve(typeName.replace('.', '/') + ".java");
            Path out = workDir.resolve("classes");
            Files.createDirectories(sourceFile.getParent());
            Files.createDirectories(out);
            Files.writeString(sourceFile, source);

            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new AssertionError("no Java compiler: the tests must run on a JDK");
            }
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int status = javac.run(null, diagnostics, diagnostics,
                    "-d", out.toString(),
                    "-classpath", runtimeClassPath(),
                    "--release", "17",
                    "-proc:none",
                    "-g",
                    sourceFile.toString());
            if (status != 0) {
                throw new AssertionError("javac failed on " + typeName + ":\n" + diagnostics.toString(UTF_8));
            }

            Map<String, byte[]> classes = new TreeMap<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    String relative = out.relativize(file).toString().replace(File.separatorChar, '/');
                    classes.put(relative.substring(0, relative.length() - ".class".length()), Files.readAllBytes(file));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where weft's runtime was loaded from, a jar or a directory. Named explicitly because under
     * Surefire {@code java.class.path} may be a single manifest-only jar.
     */
    private static String runtimeClassPath() {
        try {
            return Path.of(dev.weft.Suspendable.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
