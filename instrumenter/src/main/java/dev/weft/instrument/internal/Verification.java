package dev.weft.instrument.internal;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a woven class as the JVM will: ASM's {@link CheckClassAdapter} for structure, then
 * ASM's {@code Analyzer} with a verifier over every method with code, types resolved from class
 * bytes. The empty list means it verifies.
 */
public final class Verification {
    private Verification() {}

    public static List<String> verify(byte[] bytes, ClassHierarchy hierarchy) {
        List<String> problems = new ArrayList<>();
        try {
            new ClassReader(bytes).accept(new CheckClassAdapter(new ClassWriter(0), false), 0);
        } catch (RuntimeException e) {
            problems.add("structure: " + e.getMessage());
            return problems;
        }
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, 0);
        for (MethodNode m : cn.methods) {
            if (m.instructions.size() == 0) {
                continue;
            }
            try {
                Flow.analyze(cn, m, hierarchy);
            } catch (Refusal r) {
                problems.add(cn.name.replace('/', '.') + "." + m.name + m.desc + ": " + r.getMessage());
            }
        }
        return problems;
    }
}
