package dev.weft.instrument.internal;

import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Drops the attributes of {@code Code} that neither ASM nor weft knows, as a class is read.
 *
 * <p>Why: ASM hands an unknown attribute of {@code Code} to {@code visitAttribute} like a method's
 * own, and writes it back among the method's attributes, where it does not belong (one that is
 * named "Code" makes a second {@code Code} attribute, which the JVM rejects). Dropping it is what
 * JVMS 4.7.1 allows: the JVM ignores attributes it does not know, and one that describes the
 * bytecode of a method a rewrite moves would be wrong anyway. A method's own unknown attributes
 * are kept. Told apart by order: ASM visits a method's own attributes before {@code visitCode}
 * and those of its {@code Code} after.
 */
final class CodeAttributeFilter extends ClassVisitor {
    CodeAttributeFilter(ClassVisitor next) {
        super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
            private boolean inCode;

            @Override
            public void visitCode() {
                inCode = true;
                super.visitCode();
            }

            @Override
            public void visitAttribute(Attribute attribute) {
                if (!inCode) {
                    super.visitAttribute(attribute);
                }
            }
        };
    }
}
