package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of ASM's {@link Analyzer} over a method: the typed frame before every instruction
 * (null where unreachable), and its control-flow edges, normal and exceptional, which liveness
 * and monitor depth are computed from.
 */
final class Flow {
    final Frame<BasicValue>[] frames;
    final List<List<Integer>> successors;
    final List<List<Integer>> handlers;

    private Flow(Frame<BasicValue>[] frames, List<List<Integer>> successors, List<List<Integer>> handlers) {
        this.frames = frames;
        this.successors = successors;
        this.handlers = handlers;
    }

    static Flow analyze(ClassNode owner, MethodNode m, ClassHierarchy hierarchy) throws Refusal {
        int n = m.instructions.size();
        List<List<Integer>> successors = new ArrayList<>(n);
        List<List<Integer>> handlers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            successors.add(new ArrayList<>(2));
            handlers.add(new ArrayList<>(1));
        }
        List<Type> interfaces = new ArrayList<>();
        for (String i : owner.interfaces) {
            interfaces.add(Type.getObjectType(i));
        }
        TypeVerifier verifier = new TypeVerifier(hierarchy, Type.getObjectType(owner.name),
                owner.superName == null ? null : Type.getObjectType(owner.superName), interfaces,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
        Analyzer<BasicValue> analyzer = new Analyzer<>(verifier) {
            @Override
            protected void newControlFlowEdge(int insn, int successor) {
                successors.get(insn).add(successor);
            }

            @Override
            protected boolean newControlFlowExceptionEdge(int insn, int successor) {
                handlers.get(insn).add(successor);
                return true;
            }
        };
        try {
            return new Flow(analyzer.analyze(owner.name, m), successors, handlers);
        } catch (AnalyzerException | RuntimeException | AssertionError e) {
            // ASM's interpreters throw AssertionError on some malformed code.
            throw new Refusal("its bytecode does not analyze: " + e.getMessage());
        }
    }
}
