package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves {@code NEW T; DUP} past suspension points in the constructor's arguments.
 *
 * <p>An uninitialized object cannot be saved or restored (the verifier forbids passing it
 * anywhere), so for {@code new T(a, ch.recv())} as javac compiles it — {@code NEW T; DUP;
 * <args>; INVOKESPECIAL T.<init>} — the {@code NEW}/{@code DUP} pair is removed and re-emitted
 * just before the {@code INVOKESPECIAL}, after spilling the evaluated arguments to fresh locals.
 * In its old place stays a call that initializes {@code T}, so class initialization still
 * happens before the arguments are evaluated (JLS 12.4.1). Any other shape of uninitialized
 * value live across a suspension point (one stored in a local, as some non-javac compilers do)
 * is refused.
 */
final class NewRelocator {
    private NewRelocator() {}

    /** Relocates what needs it; answers whether the method changed (its frames are then stale). */
    static boolean relocate(ClassNode owner, MethodNode m, Flow flow, Set<MethodInsnNode> points) throws Refusal {
        List<AbstractInsnNode[]> moves = new ArrayList<>();
        for (int i = 0; i < m.instructions.size(); i++) {
            AbstractInsnNode insn = m.instructions.get(i);
            Frame<BasicValue> f = flow.frames[i];
            if (insn.getOpcode() != Opcodes.NEW || f == null) {
                continue;
            }
            int height = f.getStackSize();
            MethodInsnNode init = findInit(m, flow, i, height);
            boolean spans = false;
            int end = init == null ? m.instructions.size() : m.instructions.indexOf(init);
            for (MethodInsnNode p : points) {
                int at = m.instructions.indexOf(p);
                if (at > i && at < end && flow.frames[at] != null && flow.frames[at].getStackSize() > height) {
                    spans = true;
                    break;
                }
            }
            if (!spans) {
                continue;
            }
            String type = ((TypeInsnNode) insn).desc.replace('/', '.');
            AbstractInsnNode dup = next(insn);
            if (init == null || dup == null || dup.getOpcode() != Opcodes.DUP || !keepsBothCopies(m, flow, dup, init, height)) {
                throw new Refusal("an uninitialized " + type + " is held across a suspension point in a shape"
                        + " other than `new " + type + "(...)` as javac compiles it");
            }
            moves.add(new AbstractInsnNode[] {insn, dup, init});
        }
        for (AbstractInsnNode[] move : moves) {
            apply(owner, m, (TypeInsnNode) move[0], move[1], (MethodInsnNode) move[2]);
        }
        return !moves.isEmpty();
    }

    /** The constructor call that initializes the object {@code NEW} at {@code at} pushed. */
    private static MethodInsnNode findInit(MethodNode m, Flow flow, int at, int height) {
        for (int j = at + 1; j < m.instructions.size(); j++) {
            AbstractInsnNode insn = m.instructions.get(j);
            Frame<BasicValue> f = flow.frames[j];
            if (f != null && f.getStackSize() <= height) {
                return null;
            }
            if (insn instanceof MethodInsnNode call && call.getOpcode() == Opcodes.INVOKESPECIAL
                    && call.name.equals("<init>") && f != null
                    && f.getStackSize() - Type.getArgumentTypes(call.desc).length - 1 == height + 1) {
                return call;
            }
        }
        return null;
    }

    private static boolean keepsBothCopies(MethodNode m, Flow flow, AbstractInsnNode dup, MethodInsnNode init, int height) {
        int from = m.instructions.indexOf(dup) + 1;
        int to = m.instructions.indexOf(init);
        for (int j = from; j <= to; j++) {
            Frame<BasicValue> f = flow.frames[j];
            if (f != null && f.getStackSize() < height + 2) {
                return false;
            }
        }
        return true;
    }

    private static AbstractInsnNode next(AbstractInsnNode insn) {
        AbstractInsnNode n = insn.getNext();
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private static void apply(ClassNode owner, MethodNode m, TypeInsnNode newInsn, AbstractInsnNode dup, MethodInsnNode init) {
        if (!newInsn.desc.equals(owner.name)) {
            InsnList ensure = new InsnList();
            ensure.add(new LdcInsnNode(Type.getObjectType(newInsn.desc)));
            ensure.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.CLASS_INIT, Names.CLASS_INIT_ENSURE,
                    Names.CLASS_INIT_ENSURE_DESC, false));
            m.instructions.insertBefore(newInsn, ensure);
        }
        m.instructions.remove(newInsn);
        m.instructions.remove(dup);

        Type[] args = Type.getArgumentTypes(init.desc);
        int[] temps = new int[args.length];
        for (int a = 0; a < args.length; a++) {
            temps[a] = m.maxLocals;
            m.maxLocals += args[a].getSize();
        }
        InsnList rebuild = new InsnList();
        for (int a = args.length - 1; a >= 0; a--) {
            rebuild.add(new VarInsnNode(args[a].getOpcode(Opcodes.ISTORE), temps[a]));
        }
        rebuild.add(new TypeInsnNode(Opcodes.NEW, newInsn.desc));
        rebuild.add(new InsnNode(Opcodes.DUP));
        for (int a = 0; a < args.length; a++) {
            rebuild.add(new VarInsnNode(args[a].getOpcode(Opcodes.ILOAD), temps[a]));
        }
        m.instructions.insertBefore(init, rebuild);
        m.maxStack += 2;
    }
}
