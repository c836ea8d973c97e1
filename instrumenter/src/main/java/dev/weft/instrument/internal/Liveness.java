package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.BitSet;

/**
 * Which locals are live before each instruction: read on some path before being written.
 * A backward data-flow over {@link Flow}'s edges. An exception edge leaves from before the
 * instruction's own write, so a handler's live locals stay live across it.
 *
 * <p>Only live locals are saved when a frame unwinds, so a parked goroutine keeps nothing
 * reachable that its code will never read again.
 */
final class Liveness {
    private Liveness() {}

    static BitSet[] liveIn(MethodNode m, Flow flow) {
        int n = m.instructions.size();
        BitSet[] in = new BitSet[n];
        int[] use = new int[n];
        int[] def = new int[n];
        for (int i = 0; i < n; i++) {
            in[i] = new BitSet();
            use[i] = -1;
            def[i] = -1;
            AbstractInsnNode insn = m.instructions.get(i);
            if (insn instanceof VarInsnNode v) {
                int op = v.getOpcode();
                if (op >= Opcodes.ISTORE && op <= Opcodes.ASTORE) {
                    def[i] = v.var;
                } else {
                    use[i] = v.var;
                }
            } else if (insn instanceof IincInsnNode inc) {
                use[i] = inc.var;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                if (flow.frames[i] == null) {
                    continue;
                }
                BitSet live = new BitSet();
                for (int s : flow.successors.get(i)) {
                    live.or(in[s]);
                }
                if (def[i] >= 0) {
                    live.clear(def[i]);
                }
                if (use[i] >= 0) {
                    live.set(use[i]);
                }
                for (int h : flow.handlers.get(i)) {
                    live.or(in[h]);
                }
                if (!live.equals(in[i])) {
                    in[i] = live;
                    changed = true;
                }
            }
        }
        return in;
    }
}
