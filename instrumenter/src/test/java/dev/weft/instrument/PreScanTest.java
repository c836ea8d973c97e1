package dev.weft.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrument.internal.PreScan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link PreScan} on one case each of what makes the weaver change a class, and of what does
 * not: every class the scan skips, the weaver (as the agent runs it, {@link WeaveOptions#DEFAULT},
 * over the same classes) leaves unchanged; and every case built to be woven is woven and not
 * skipped, so that each test checks what it says. {@code PreScanRealJarsTest} checks the same
 * invariant on whole jars.
 */
class PreScanTest {
    private static final ClassLoader LOADER = PreScanTest.class.getClassLoader();

    /**
     * One compilation unit: classes whose rewriting, or not, turns on what is around them. Loops
     * make a suspendable method worth rewriting (a preemption check at each back-edge) without
     * naming weft; classes with "Weft" in their name are the only ones that do.
     */
    private static final String SOURCE = """
            package p;

            import dev.weft.Suspendable;
            import dev.weft.SuspendableRunnable;

            public class Plain {
                int sum(int n) {
                    int s = 0;
                    while (n-- > 0) {
                        s += n;
                    }
                    return s;
                }

                Runnable task() {
                    return () -> System.out.println("plain " + sum(3));
                }
            }

            class AnnotatedWeft {
                @Suspendable
                void run(int n) {
                    while (n-- > 0) {
                        Thread.onSpinWait();
                    }
                }

                @Suspendable
                void spin() {
                    run(3);
                }
            }

            /** Overrides AnnotatedWeft.run without the annotation: suspendable by the hierarchy. */
            class Sub extends AnnotatedWeft {
                @Override
                void run(int n) {
                    while (n-- > 0) {
                        Thread.yield();
                    }
                }
            }

            class Mid extends AnnotatedWeft {
            }

            /** Two levels down, through a class that declares nothing. */
            class Leaf extends Mid {
                @Override
                void run(int n) {
                    while (n-- > 0) {
                        Thread.yield();
                    }
                }
            }

            interface JobWeft {
                @Suspendable
                void work(int n);
            }

            /** An interface that only extends one with an annotated method: nothing to rewrite in it. */
            interface MarkerJob extends JobWeft {
            }

            /** Implements the annotated method through an interface that declares nothing. */
            class Impl implements MarkerJob {
                public void work(int n) {
                    while (n-- > 0) {
                        Thread.yield();
                    }
                }
            }

            /** A user's functional interface whose method is suspendable through weft's. */
            interface TaskWeft extends SuspendableRunnable {
            }

            interface Task extends TaskWeft {
            }

            /** A lambda of a suspendable functional interface, in a class that names no weft type. */
            class Lambdas {
                Task task(int n) {
                    return () -> {
                        int k = n;
                        while (k-- > 0) {
                            Thread.yield();
                        }
                    };
                }
            }

            /** A method reference to a suspendable method, through a suspendable interface. */
            class MethodRefs {
                Task task(Impl impl) {
                    return () -> impl.work(3);
                }

                Task reference(Sub sub) {
                    return sub::spin;
                }
            }

            /** Extends and calls suspendable code, but has no method the weaver could rewrite. */
            class OnlyConstructor extends Sub {
                OnlyConstructor() {
                    run(2);
                }
            }

            /** Calls suspendable methods from a method that is not suspendable: nothing to rewrite. */
            class Caller {
                void call(Sub sub, JobWeft job) {
                    for (int i = 0; i < 3; i++) {
                        sub.run(i);
                        job.work(i);
                    }
                }
            }
            """;

    @TempDir
    Path workDir;

    private Map<String, byte[]> classes;

    @BeforeEach
    void compile() {
        classes = SourceCompiler.compile(workDir, "p.Plain", SOURCE);
    }

    @Test
    void plainClass_isSkipped() {
        assertSkipped("p/Plain");
    }

    @Test
    void annotatedMethod_isNotSkipped() {
        assertNotSkipped("p/AnnotatedWeft");
    }

    @Test
    void overrideOfAnAnnotatedMethod_isNotSkipped() {
        assertNotSkipped("p/Sub");
    }

    @Test
    void overrideTwoLevelsBelowTheAnnotatedMethod_isNotSkipped() {
        assertNotSkipped("p/Leaf");
        assertSkipped("p/Mid");
    }

    @Test
    void implementationThroughAnInterfaceThatDeclaresNothing_isNotSkipped() {
        assertNotSkipped("p/Impl");
        assertSkipped("p/MarkerJob");
    }

    @Test
    void implementation_isNotSkipped_whenItsInterfacesWereOfferedBeforeIt() {
        PreScan scan = scan();
        assertTrue(scan.skips(classes.get("p/MarkerJob")), "p/MarkerJob");
        assertFalse(scan.skips(classes.get("p/JobWeft")), "p/JobWeft");
        assertFalse(scan.skips(classes.get("p/Impl")), "p/Impl");
    }

    @Test
    void lambdaOfASuspendableFunctionalInterface_isNotSkipped() {
        assertNotSkipped("p/Lambdas");
    }

    @Test
    void lambdaCallingASuspendableMethod_andMethodReference_areNotSkipped() {
        assertNotSkipped("p/MethodRefs");
    }

    @Test
    void classWithNoMethodToRewrite_isSkipped_whateverItExtendsOrCalls() {
        assertSkipped("p/OnlyConstructor");
        assertSkipped("p/Caller");
    }

    @Test
    void bridgeCallingALambdaBody_isNotSkipped_andTheSameClassWithoutTheBridgeIs() {
        byte[] withBridge = lambdaBodyClass(true);
        assertTrue(weaver().weave(withBridge).changed(), "the weaver rewrites a lambda body a bridge calls");
        assertFalse(scan().skips(withBridge));

        byte[] without = lambdaBodyClass(false);
        assertFalse(weaver().weave(without).changed(), "the weaver leaves the lambda body alone without the bridge");
        assertTrue(scan().skips(without));
    }

    @Test
    void annotationDescriptorInAnOverlongEncoding_isStillSeen() {
        byte[] bytes = overlong(classes.get("p/AnnotatedWeft"));
        assertTrue(weaver().weave(bytes).changed(), "ASM decodes the overlong 'L' and the weaver rewrites the method");
        assertFalse(scan().skips(bytes));
    }

    @Test
    void supertypeMissingFromTheClassPath_isNoReasonToWeave() {
        classes.remove("p/AnnotatedWeft");
        assertSkipped("p/Sub");
    }

    @Test
    void malformedBytes_areNotSkipped_butLeftToTheWeaver() {
        byte[] whole = classes.get("p/Plain");
        List<byte[]> malformed = new ArrayList<>(List.of(new byte[0], "not a class file".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(whole, 10), Arrays.copyOf(whole, whole.length / 3)));
        byte[] badTag = whole.clone();
        badTag[10] = 99; // the first constant's tag
        malformed.add(badTag);
        for (byte[] bytes : malformed) {
            assertFalse(scan().skips(bytes), "skipped " + bytes.length + " malformed bytes");
            WeaveResult result = weaver().weave(bytes);
            assertFalse(result.changed());
            assertFalse(result.warnings().isEmpty(), "the weaver reports what it cannot read");
        }
    }

    @Test
    void classWithOnlyJdkSupertypes_readsNothing() {
        List<String> reads = new ArrayList<>();
        assertTrue(scan(reads).skips(classes.get("p/Plain")));
        assertEquals(List.of(), reads);
    }

    @Test
    void subclassOfferedAfterItsSuperclass_readsNothing() {
        List<String> reads = new ArrayList<>();
        PreScan scan = scan(reads);
        assertFalse(scan.skips(classes.get("p/AnnotatedWeft")));
        assertTrue(scan.skips(classes.get("p/Mid")));
        assertFalse(scan.skips(classes.get("p/Leaf")));
        assertEquals(List.of(), reads);
    }

    @Test
    void subclassOfferedBeforeItsSuperclass_readsItsSupertypesOnce() {
        List<String> reads = new ArrayList<>();
        PreScan scan = scan(reads);
        assertFalse(scan.skips(classes.get("p/Leaf")));
        assertFalse(scan.skips(classes.get("p/Sub")));
        assertEquals(List.of("p/Mid", "p/AnnotatedWeft"), reads);
    }

    @Test
    void supertypeWithAHugeConstantPool_isReadToTheEndOfIt() {
        classes.put("p/Huge", hugeInterface(true));
        classes.put("p/HugeImpl", implementing("p/Huge"));
        assertNotSkipped("p/HugeImpl");

        classes.put("p/Huge", hugeInterface(false));
        assertSkipped("p/HugeImpl");
    }

    private void assertSkipped(String name) {
        byte[] bytes = bytesOf(name);
        assertFalse(weaver().weave(bytes).changed(), "the weaver changes " + name + ": the case is wrong");
        assertTrue(scan().skips(bytes), "not skipped: " + name);
    }

    private void assertNotSkipped(String name) {
        byte[] bytes = bytesOf(name);
        assertTrue(weaver().weave(bytes).changed(), "the weaver leaves " + name + " unchanged: the case is wrong");
        assertFalse(scan().skips(bytes), "skipped: " + name);
    }

    private byte[] bytesOf(String name) {
        byte[] bytes = classes.get(name);
        assertNotNull(bytes, name + " was not compiled");
        return bytes.clone();
    }

    /** The compiled classes first, then the test class path (weft's runtime, the JDK). */
    private ClassSource source() {
        return ((ClassSource) classes::get).or(ClassSource.of(LOADER));
    }

    private Weaver weaver() {
        return new Weaver(source(), WeaveOptions.DEFAULT);
    }

    private PreScan scan() {
        return PreScan.over(source());
    }

    /** A scan over the same classes that notes each class file it reads. */
    private PreScan scan(List<String> reads) {
        ClassSource source = source();
        return new PreScan(name -> {
            reads.add(name);
            byte[] bytes = source.classBytes(name);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        });
    }

    /**
     * {@code p.Bodies} with a method {@code lambda$0(I)V} that loops, and, if {@code bridge}, a
     * bridge that calls it: javac never writes such a bridge, but the weaver rewrites the method
     * a bridge forwards to when it is named like a lambda body.
     */
    private static byte[] lambdaBodyClass(boolean bridge) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "p/Bodies", null, "java/lang/Object", null);
        MethodVisitor body = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC, "lambda$0", "(I)V", null, null);
        body.visitCode();
        Label top = new Label();
        Label done = new Label();
        body.visitLabel(top);
        body.visitIincInsn(1, -1);
        body.visitVarInsn(Opcodes.ILOAD, 1);
        body.visitJumpInsn(Opcodes.IFLT, done);
        body.visitJumpInsn(Opcodes.GOTO, top);
        body.visitLabel(done);
        body.visitInsn(Opcodes.RETURN);
        body.visitMaxs(0, 0);
        body.visitEnd();
        if (bridge) {
            MethodVisitor b = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC, "apply", "(I)V", null, null);
            b.visitCode();
            b.visitVarInsn(Opcodes.ALOAD, 0);
            b.visitVarInsn(Opcodes.ILOAD, 1);
            b.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "p/Bodies", "lambda$0", "(I)V", false);
            b.visitInsn(Opcodes.RETURN);
            b.visitMaxs(0, 0);
            b.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * {@code p.Huge}, an interface whose constants run to some 150 KB (a long name per field) before
     * the one a method annotated {@code @Suspendable} (if {@code annotated}) adds: its header is
     * read in many steps, past what a thread's scratch buffer keeps.
     */
    private static byte[] hugeInterface(boolean annotated) {
        ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT, "p/Huge", null,
                "java/lang/Object", null);
        String padding = "x".repeat(1000);
        for (int i = 0; i < 150; i++) {
            cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "f" + i + padding, "I", null, i).visitEnd();
        }
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "work", "(I)V", null, null);
        if (annotated) {
            m.visitAnnotation("Ldev/weft/Suspendable;", true).visitEnd();
        }
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** {@code p.HugeImpl}, implementing {@code itf}'s {@code work(I)V} with a loop. */
    private static byte[] implementing(String itf) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "p/HugeImpl", null, "java/lang/Object",
                new String[] {itf});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "work", "(I)V", null, null);
        m.visitCode();
        Label top = new Label();
        Label done = new Label();
        m.visitLabel(top);
        m.visitIincInsn(1, -1);
        m.visitVarInsn(Opcodes.ILOAD, 1);
        m.visitJumpInsn(Opcodes.IFLT, done);
        m.visitJumpInsn(Opcodes.GOTO, top);
        m.visitLabel(done);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * {@code bytes} with the {@code L} of its constant {@code Ldev/weft/Suspendable;} written as
     * two bytes, {@code C1 8C}: an overlong encoding that ASM, like modified UTF-8 readers that do
     * not check, decodes to {@code 'L'}. Nothing in a class file holds an absolute offset into
     * the constant pool, so growing one constant keeps the file well formed.
     */
    private static byte[] overlong(byte[] bytes) {
        byte[] text = "Ldev/weft/Suspendable;".getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + 3 + text.length <= bytes.length; at++) {
            if (bytes[at] == 1 && bytes[at + 1] == 0 && bytes[at + 2] == text.length
                    && Arrays.equals(bytes, at + 3, at + 3 + text.length, text, 0, text.length)) {
                byte[] out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, at);
                out[at] = 1;
                out[at + 1] = 0;
                out[at + 2] = (byte) (text.length + 1);
                out[at + 3] = (byte) 0xC1;
                out[at + 4] = (byte) 0x8C;
                System.arraycopy(bytes, at + 4, out, at + 5, bytes.length - at - 4);
                return out;
            }
        }
        throw new AssertionError("no Ldev/weft/Suspendable; constant");
    }
}
