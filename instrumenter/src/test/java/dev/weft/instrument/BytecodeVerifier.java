package dev.weft.instrument;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * A test utility that checks a class file with ASM, without loading the class: its structure with
 * {@link CheckClassAdapter}, and every method's data flow with an {@link Analyzer} over a
 * {@link SimpleVerifier} that resolves types through a class loader (so it knows that an
 * {@code ArrayList} is a {@code List}).
 *
 * <p>What it does not check: the {@code StackMapTable} frames (the Analyzer recomputes types and
 * ignores them). {@link HotSpotVerifier} has the JVM check those.
 *
 * <p>Thread-safe: it keeps no state beyond the loader.
 */
final class BytecodeVerifier {
    /** The {@link Problem#member} of a problem with the class as a whole. */
    static final String WHOLE_CLASS = "<class>";

    /**
     * One thing wrong with a class.
     *
     * @param member  the method's name and descriptor, or {@link #WHOLE_CLASS}
     * @param message what the checker said
     */
    record Problem(String member, String message) {
    }

    private final ClassLoader loader;

    /** @param loader resolves the types the verifier must compare; it must see every class referenced */
    BytecodeVerifier(ClassLoader loader) {
        this.loader = loader;
    }

    /** Every problem in {@code classBytes}; empty when the class verifies. */
    List<Problem> verify(byte[] classBytes) {
        List<Problem> problems = new ArrayList<>();
        try {
            new ClassReader(classBytes).accept(new CheckClassAdapter(new ClassWriter(0), false), 0);
        } catch (RuntimeException | LinkageError e) {
            problems.add(new Problem(WHOLE_CLASS, "CheckClassAdapter: " + e));
        }
        ClassNode owner = new ClassNode();
        try {
            new ClassReader(classBytes).accept(owner, 0);
        } catch (RuntimeException e) {
            problems.add(new Problem(WHOLE_CLASS, "unreadable: " + e));
            return problems;
        }
        for (MethodNode method : owner.methods) {
            String message = analyze(owner, method);
            if (message != null) {
                problems.add(new Problem(method.name + method.desc, message));
            }
        }
        return problems;
    }

    /** Null when {@code method} of {@code owner} verifies, else the analyzer's message. */
    String analyze(ClassNode owner, MethodNode method) {
        if ((method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
            return method.instructions.size() == 0 ? null : "abstract or native method has code";
        }
        try {
            new Analyzer<BasicValue>(verifierFor(owner)).analyze(owner.name, method);
            return null;
        } catch (AnalyzerException | RuntimeException | LinkageError e) {
            // Analyzer wraps what SimpleVerifier throws (e.g. TypeNotPresentException) as an
            // AnalyzerException naming the instruction; a LinkageError comes from resolving a type.
            return e.getMessage() != null ? e.getMessage() : e.toString();
        }
    }

    private SimpleVerifier verifierFor(ClassNode owner) {
        List<Type> interfaces = new ArrayList<>();
        for (String name : owner.interfaces) {
            interfaces.add(Type.getObjectType(name));
        }
        SimpleVerifier verifier = new SimpleVerifier(
                Type.getObjectType(owner.name),
                owner.superName == null ? null : Type.getObjectType(owner.superName),
                interfaces,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
        verifier.setClassLoader(loader);
        return verifier;
    }
}
