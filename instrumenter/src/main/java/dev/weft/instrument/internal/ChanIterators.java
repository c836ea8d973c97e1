package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds {@code Iterator.hasNext}/{@code next} calls on an iterator obtained from
 * {@code Chan.iterator()} or {@code RecvChan.iterator()}, so that {@code for (T v : ch)} parks
 * instead of pinning: the receiver is traced back through locals and casts, with ASM's
 * {@link SourceInterpreter}, to the call that produced it. Every producer must be one of those.
 */
final class ChanIterators {
    private static final int MAX_TRACE = 16;

    private ChanIterators() {}

    static List<MethodInsnNode> find(String owner, MethodNode m) {
        List<MethodInsnNode> found = new ArrayList<>();
        if (!callsChanIterator(m)) {
            return found;
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(owner, m);
        } catch (AnalyzerException e) {
            return found;
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && isIteratorStep(call)) {
                Frame<SourceValue> f = frames[m.instructions.indexOf(call)];
                if (f != null && fromChan(m, frames, f.getStack(f.getStackSize() - 1), 0)) {
                    found.add(call);
                }
            }
        }
        return found;
    }

    private static boolean callsChanIterator(MethodNode m) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && isChanIterator(call)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isChanIterator(MethodInsnNode call) {
        return (call.owner.equals(Names.CHAN) || call.owner.equals(Names.RECV_CHAN))
                && call.name.equals(Names.CHAN_ITERATOR) && call.desc.equals("()Ljava/util/Iterator;");
    }

    private static boolean isIteratorStep(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKEINTERFACE && call.owner.equals("java/util/Iterator")
                && (call.name.equals("hasNext") || call.name.equals("next"));
    }

    private static boolean fromChan(MethodNode m, Frame<SourceValue>[] frames, SourceValue v, int depth) {
        if (depth > MAX_TRACE || v.insns.isEmpty()) {
            return false;
        }
        for (AbstractInsnNode src : v.insns) {
            Frame<SourceValue> f = frames[m.instructions.indexOf(src)];
            boolean ok;
            if (src instanceof MethodInsnNode call) {
                ok = isChanIterator(call);
            } else if (src instanceof VarInsnNode var && f != null) {
                ok = var.getOpcode() == Opcodes.ALOAD
                        ? fromChan(m, frames, f.getLocal(var.var), depth + 1)
                        : var.getOpcode() == Opcodes.ASTORE && fromChan(m, frames, f.getStack(f.getStackSize() - 1), depth + 1);
            } else if (src instanceof TypeInsnNode cast && cast.getOpcode() == Opcodes.CHECKCAST && f != null) {
                ok = fromChan(m, frames, f.getStack(f.getStackSize() - 1), depth + 1);
            } else {
                ok = false;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
