package dev.weft.gradle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The shaded jar is all a build script puts on its class path, so it must carry the plugin, its
 * descriptor, the instrumenter and ASM, with ASM relocated to {@code dev.weft.internal.asm}: no
 * class may still refer to {@code org.objectweb.asm}, which Gradle or another plugin may bring in
 * another version.
 */
class ShadedJarIT {
    private static List<String> entries;
    private static Path jar;

    @BeforeAll
    static void open() throws IOException {
        jar = Path.of(System.getProperty("weft.gradle.jar", "target/weft-gradle-plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar);
        try (JarFile j = new JarFile(jar.toFile())) {
            entries = Collections.list(j.entries()).stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void jar_carriesPluginDescriptorInstrumenterAndRelocatedAsm() {
        for (String required : List.of(
                "META-INF/gradle-plugins/dev.weft.properties",
                "dev/weft/gradle/WeftPlugin.class",
                "dev/weft/gradle/WeaveAction.class",
                "dev/weft/gradle/WeftExtension.class",
                "dev/weft/instrument/Weaver.class",
                "dev/weft/instrument/WeaveDirectory.class",
                "dev/weft/instrument/internal/ClassWeaver.class",
                "dev/weft/internal/asm/ClassReader.class",
                "dev/weft/internal/asm/tree/ClassNode.class",
                "dev/weft/internal/asm/tree/analysis/Analyzer.class")) {
            assertTrue(entries.contains(required), required + " is missing from " + jar);
        }
    }

    @Test
    void jar_hasNoUnrelocatedAsmNorGradleNorModuleInfo() {
        for (String e : entries) {
            assertFalse(e.startsWith("org/objectweb/asm/"), "unrelocated ASM: " + e);
            assertFalse(e.startsWith("org/gradle/"), "Gradle's API must not be shaded in: " + e);
            assertFalse(e.endsWith("module-info.class"), e);
        }
    }

    @Test
    void jar_manifestCarriesTheVersionThePluginReports() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            String version = j.getManifest().getMainAttributes().getValue("Implementation-Version");
            assertTrue(version != null && !version.isBlank(), "Implementation-Version is missing");
        }
    }

    /**
     * Every type name a class uses (owners, descriptors, signatures, annotations) is walked, not
     * its raw constant pool: javac leaves an unused {@code CONSTANT_Class} for a class whose
     * constants it inlined ({@code Opcodes.ACC_*}), which the relocation keeps as it was and the
     * JVM never resolves.
     */
    @Test
    void everyClass_usesRelocatedAsmOnly() throws IOException {
        Set<String> offenders = new TreeSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(j.entries())) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = j.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                Remapper check = new Remapper() {
                    @Override
                    public String map(String internalName) {
                        if (internalName.startsWith("org/objectweb/asm/")) {
                            offenders.add(e.getName() + " uses " + internalName);
                        }
                        return internalName;
                    }
                };
                new ClassReader(bytes).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) { }, check), 0);
            }
        }
        assertEquals(Set.of(), offenders, "classes still using org/objectweb/asm");
    }
}
