package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The pass that makes long loops preemptible: before every loop back-edge (a jump to an earlier
 * instruction) it inserts a call to {@code Preemption.check()}, which {@link MethodRewriter} then
 * turns into a suspension point taken only when the scheduler's monitor asked the goroutine to
 * yield (the fast path is one volatile read of {@code FrameStack.preempt}).
 *
 * <p>Invariants. A check is placed only where the analyzed frame is reachable and no monitor is
 * held: a yield must never carry a monitor to another carrier. Every back-edge is decided on the
 * positions of one analysis before any insertion, since inserting shifts them. Weft's own
 * runtime ({@code dev.weft} and {@code dev.weft.internal}) gets no checks: its loops are short
 * and some run holding a channel's lock.
 */
final class PreemptionChecks {
    private PreemptionChecks() {}

    /** Whether methods of {@code owner} get preemption checks: all but weft's own runtime. */
    static boolean applies(ClassNode owner) {
        return !Names.isWeftClass(owner.name);
    }

    /** Whether {@code m} has a loop back-edge, where a check would go. */
    static boolean hasBackEdges(MethodNode m) {
        return !backEdges(m).isEmpty();
    }

    /**
     * Inserts a check before each back-edge of {@code m} that is reachable and outside every
     * monitor, as {@code flow} and {@code monitors} (computed before this pass) say.
     *
     * @return the inserted calls, in instruction order: the suspension points this pass adds
     */
    static Set<MethodInsnNode> insert(MethodNode m, Flow flow, int[] monitors) {
        List<JumpInsnNode> checked = new ArrayList<>();
        for (JumpInsnNode back : backEdges(m)) {
            int at = m.instructions.indexOf(back);
            if (flow.frames[at] != null && monitors[at] == 0) {
                checked.add(back);
            }
        }
        Set<MethodInsnNode> checks = new LinkedHashSet<>();
        for (JumpInsnNode back : checked) {
            MethodInsnNode check = new MethodInsnNode(Opcodes.INVOKESTATIC, Names.PREEMPTION,
                    Names.PREEMPTION_CHECK, Names.PREEMPTION_CHECK_DESC, false);
            m.instructions.insertBefore(back, check);
            checks.add(check);
        }
        return checks;
    }

    /** Jumps to an earlier instruction: loop back-edges, where a running goroutine can be preempted. */
    private static List<JumpInsnNode> backEdges(MethodNode m) {
        List<JumpInsnNode> edges = new ArrayList<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof JumpInsnNode jump && jump.getOpcode() != Opcodes.JSR
                    && m.instructions.indexOf(jump.label) < m.instructions.indexOf(jump)) {
                edges.add(jump);
            }
        }
        return edges;
    }
}
