package dev.weft.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files the JVM accepts that a naive rewrite would break, each built by hand with ASM's
 * {@link ClassWriter} (or compiled), woven, and then linked by the running JVM's verifier: what
 * the weaver hands back (the woven class, or the original where it refused) must link.
 *
 * <ul>
 *   <li>A class file older than Java 5 (major version below 49) may not contain {@code ldc} of
 *       a class, which the rewrite needs: its methods are refused, with a warning.
 *   <li>A method whose {@code max_locals} leaves no room for the rewrite's added locals (the
 *       limit is 65535) is refused, with a warning.
 *   <li>An attribute of {@code Code} the weaver does not know stays out of the method's own
 *       attributes (ASM would move it there; one named "Code" gives "Multiple Code attributes").
 *   <li>A method that needs a type the weaver cannot see (an optional dependency that is absent)
 *       is refused alone; the other methods of its class are still rewritten.
 * </ul>
 */
class ClassFileEdgesTest {
    private static final ClassLoader LOADER = ClassFileEdgesTest.class.getClassLoader();
    private static final String PARK_OWNER = "dev/weft/internal/cont/Continuation";
    private static final String SUSPENDABLE = "Ldev/weft/Suspendable;";

    @TempDir
    Path workDir;

    @Test
    void weave_classFileOlderThanJava5_isLeftAsItWasWithAWarning_andLinks() {
        byte[] old = parkingClass("edges/Old", Opcodes.V1_4, 1);

        WeaveResult result = weave(old);

        assertTrue(result.bytes() == null, "a class file of version 48 must be left as it was");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("edges.Old.f()V") && w.contains("Java 5")),
                "the warning should name the method and say the class file is older than Java 5: " + result.warnings());
        assertLinks("edges/Old", result, old);
    }

    @Test
    void weave_java6ClassFile_isRewrittenWithoutInvokedynamic_andLinks() {
        // Version 50 may not hold invokedynamic: its arm tokens come from a call instead.
        byte[] java6 = parkingClass("edges/Java6", Opcodes.V1_6, 1);

        WeaveResult result = weave(java6);

        assertNotNull(result.bytes(), "warnings: " + result.warnings());
        assertLinks("edges/Java6", result, java6);
    }

    @Test
    void weave_methodWhoseLocalsLeaveNoRoomForTheRewrite_isRefused_andLinks() {
        byte[] full = parkingClass("edges/Full", Opcodes.V1_8, 0xFFFF);

        WeaveResult result = weave(full);

        assertTrue(result.bytes() == null, "a method with 65535 locals has no room for the frame stack local");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("edges.Full.f()V") && w.contains("65535")),
                "the warning should name the method and the limit: " + result.warnings());
        assertLinks("edges/Full", result, full);
    }

    @Test
    void weave_methodWithManyLocalsButRoomLeft_isRewritten_andLinks() {
        byte[] roomy = parkingClass("edges/Roomy", Opcodes.V1_8, 0xFFFF - 8);

        WeaveResult result = weave(roomy);

        assertNotNull(result.bytes(), "warnings: " + result.warnings());
        assertLinks("edges/Roomy", result, roomy);
    }

    @Test
    void weave_unknownCodeAttributeNamedCode_doesNotBecomeASecondCodeAttribute_andLinks() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "edges/Attributed", null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "f", "()V", null, null);
        mv.visitAnnotation(SUSPENDABLE, false).visitEnd();
        mv.visitCode();
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PARK_OWNER, "park", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitAttribute(new CodeAttribute("Code"));
        mv.visitAttribute(new CodeAttribute("VendorCodeInfo"));
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] attributed = cw.toByteArray();
        assertNull(new HotSpotVerifier(LOADER, Map.of("edges/Attributed", attributed)).link("edges/Attributed"),
                "the hand-built class itself must link");

        WeaveResult result = weave(attributed);

        assertNotNull(result.bytes(), "warnings: " + result.warnings());
        assertEquals(1, result.rewrittenMethods());
        assertLinks("edges/Attributed", result, attributed);
    }

    @Test
    void weave_methodNeedingAnAbsentType_isRefusedAlone() {
        String source = """
                package edges;

                class OptionalA {}
                class OptionalB {}

                public class NeedsOptional {
                    @dev.weft.Suspendable
                    static Object pick(boolean a) {
                        Object o = a ? new OptionalA() : new OptionalB();
                        dev.weft.internal.cont.Continuation.park();
                        return o;
                    }

                    @dev.weft.Suspendable
                    static void plain() {
                        dev.weft.internal.cont.Continuation.park();
                    }
                }
                """;
        Map<String, byte[]> compiled = SourceCompiler.compile(workDir, "edges.NeedsOptional", source);
        Map<String, byte[]> visible = new HashMap<>(compiled);
        visible.remove("edges/OptionalA");
        visible.remove("edges/OptionalB");
        ClassSource types = ((ClassSource) visible::get).or(ClassSource.of(LOADER));

        WeaveResult result = new Weaver(types, WeaveOptions.DEFAULT).weave(compiled.get("edges/NeedsOptional"));

        assertNotNull(result.bytes(), "the class must still be woven; warnings: " + result.warnings());
        assertEquals(1, result.rewrittenMethods(), "plain() is rewritten, pick() refused");
        assertEquals(1, result.warnings().size(), "one warning: " + result.warnings());
        String warning = result.warnings().get(0);
        assertTrue(warning.contains("edges.NeedsOptional.pick(Z)Ljava/lang/Object;") && warning.contains("edges.Optional"),
                "the warning should name the refused method and the missing class: " + warning);
        Map<String, byte[]> set = new HashMap<>(compiled);
        set.put("edges/NeedsOptional", result.bytes());
        assertNull(new HotSpotVerifier(LOADER, set).link("edges/NeedsOptional"), "the woven class must link");
    }

    /**
     * A class {@code name} of the given version with one suspendable method {@code static f()V}
     * that parks; with {@code maxLocals} above 1 it also stores into its last local slot.
     */
    private static byte[] parkingClass(String name, int version, int maxLocals) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "f", "()V", null, null);
        mv.visitAnnotation(SUSPENDABLE, false).visitEnd();
        mv.visitCode();
        if (maxLocals > 1) {
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitVarInsn(Opcodes.ISTORE, maxLocals - 1);
        }
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, PARK_OWNER, "park", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        assertNull(new HotSpotVerifier(LOADER, Map.of(name, bytes)).link(name), "the hand-built class itself must link");
        return bytes;
    }

    private static WeaveResult weave(byte[] bytes) {
        WeaveResult result = new Weaver(ClassSource.of(LOADER), WeaveOptions.DEFAULT).weave(bytes);
        assertNotNull(result);
        return result;
    }

    /** The JVM links what the weaver handed back: the woven class, or the original it left. */
    private static void assertLinks(String name, WeaveResult result, byte[] original) {
        byte[] bytes = result.bytes() != null ? result.bytes() : original;
        assertEquals(null, new HotSpotVerifier(LOADER, Map.of(name, bytes)).link(name),
                "what the weaver handed back must link; warnings: " + result.warnings());
    }

    /** An attribute of {@code Code} that no JVM or weft knows, with a few bytes of content. */
    private static final class CodeAttribute extends Attribute {
        CodeAttribute(String type) {
            super(type);
        }

        @Override
        public boolean isCodeAttribute() {
            return true;
        }

        @Override
        protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
            return new ByteVector().putInt(0xCAFE_F00D);
        }
    }
}
