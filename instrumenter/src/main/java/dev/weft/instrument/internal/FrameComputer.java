package dev.weft.instrument.internal;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Computes stack map frames and maxima for one rewritten method, leaving the class's other
 * methods exactly as they were: the method is written alone into a scratch class with ASM's
 * {@code COMPUTE_FRAMES} and read back. Common superclasses come from {@link ClassHierarchy},
 * never from loading classes.
 */
final class FrameComputer {
    private FrameComputer() {}

    static MethodNode compute(ClassNode owner, MethodNode m, ClassHierarchy hierarchy) throws Refusal {
        boolean frames = (owner.version & 0xFFFF) >= Opcodes.V1_6;
        ClassWriter cw = new ClassWriter(frames ? ClassWriter.COMPUTE_FRAMES : ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return hierarchy.commonSuperClass(a, b);
            }
        };
        cw.visit(owner.version, owner.access, owner.name, null, owner.superName,
                owner.interfaces.toArray(new String[0]));
        byte[] bytes;
        try {
            // Frames are computed in visitMaxs, during accept: a type the hierarchy cannot see
            // (an optional dependency that is absent) fails there, and refuses this method only.
            m.accept(cw);
            cw.visitEnd();
            bytes = cw.toByteArray();
        } catch (RuntimeException e) {
            throw new Refusal(e.getMessage());
        }
        ClassNode scratch = new ClassNode();
        new ClassReader(bytes).accept(scratch, 0);
        return scratch.methods.get(0);
    }
}
