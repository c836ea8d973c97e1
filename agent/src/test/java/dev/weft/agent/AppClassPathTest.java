package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AppClassPath} finds what the application class loader's class path lookup finds, the
 * first element's copy, and answers null where its order would no longer be the loader's.
 */
class AppClassPathTest {
    @TempDir
    Path dir;

    private static final String A = "p/A.class";
    private static final String B = "p/B.class";

    @Test
    void firstElementHoldingTheName_isTheOneRead_directoriesAndJarsAlike() throws IOException {
        Path classes = dir.resolve("classes");
        write(classes.resolve(A), "dir A");
        Path jar = jar("lib.jar", null, A, "jar A", B, "jar B");
        AppClassPath cp = AppClassPath.of(path(classes, jar));
        assertContent("dir A", cp.open(A));
        assertContent("jar B", cp.open(B));
        assertNull(cp.open("p/C.class"));

        AppClassPath reversed = AppClassPath.of(path(jar, classes));
        assertContent("jar A", reversed.open(A));
    }

    @Test
    void elementThatCannotBeOpened_isPassedOver() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        Path jar = jar("lib.jar", null, A, "jar A");
        AppClassPath cp = AppClassPath.of(path(dir.resolve("missing.jar"), notAJar, jar));
        assertContent("jar A", cp.open(A));
    }

    @Test
    void jarNamingAClassPath_endsTheLookup_afterItself() throws IOException {
        Path first = jar("first.jar", "other.jar", A, "first A");
        Path second = jar("second.jar", null, B, "second B");
        AppClassPath cp = AppClassPath.of(path(first, second));
        assertContent("first A", cp.open(A));
        assertNull(cp.open(B), "the loader looks in other.jar before second.jar");
    }

    @Test
    void jarWithAnIndex_endsTheLookup_afterItself() throws IOException {
        Path first = jar("first.jar", null, A, "first A", "META-INF/INDEX.LIST", "JarIndex-Version: 1.0\n");
        Path second = jar("second.jar", null, B, "second B");
        AppClassPath cp = AppClassPath.of(path(first, second));
        assertContent("first A", cp.open(A));
        assertNull(cp.open(B));
    }

    @Test
    void classPathWithAnEmptyElement_isNotFollowed() {
        assertNull(AppClassPath.of("a.jar" + File.pathSeparator + File.pathSeparator + "b.jar"));
        assertNull(AppClassPath.of(""));
        assertNull(AppClassPath.of(null));
    }

    @Test
    void nameWithDotDot_isNeverLookedUp() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        write(dir.resolve("Outside.class"), "outside");
        AppClassPath cp = AppClassPath.of(classes.toString());
        assertNull(cp.open("../Outside.class"));
    }

    private static String path(Path... elements) {
        StringBuilder sb = new StringBuilder();
        for (Path p : elements) {
            sb.append(sb.length() == 0 ? "" : File.pathSeparator).append(p);
        }
        return sb.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A jar of {@code entries} (name, content, ...), with a manifest naming {@code classPath} if not null. */
    private Path jar(String name, String classPath, String... entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            for (int i = 0; i < entries.length; i += 2) {
                j.putNextEntry(new JarEntry(entries[i]));
                j.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    private static void assertContent(String expected, InputStream in) throws IOException {
        try (in) {
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
    }
}
