package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Thread.sleep} and {@code TimeUnit.sleep} in rewritten code park the goroutine, as they
 * do a virtual thread, instead of holding its carrier for the whole sleep: each such call is a
 * suspension point whose target becomes the runtime's {@code ThreadSleeps} method of the same
 * meaning (interrupt status and argument checks included). Only calls that stay suspension
 * points are redirected (not those inside a held monitor, say), so everywhere else the JDK's
 * own sleep runs as written.
 *
 * <p>The redirection keeps the stack shape: {@code TimeUnit.sleep(long)}'s receiver becomes the
 * static replacement's first argument.
 */
final class ThreadSleeps {
    private static final String THREAD = "java/lang/Thread";
    private static final String TIME_UNIT = "java/util/concurrent/TimeUnit";

    private ThreadSleeps() {}

    /**
     * The JDK sleeps {@code m} of class {@code owner} calls: candidates for suspension points.
     * None in weft's own classes, whose sleeps are the JDK's on purpose (the replacements
     * themselves call it on plain threads).
     */
    static List<MethodInsnNode> find(String owner, MethodNode m) {
        List<MethodInsnNode> found = new ArrayList<>();
        if (Names.isWeftClass(owner)) {
            return found;
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && replacement(call) != null) {
                found.add(call);
            }
        }
        return found;
    }

    /** Points {@code points}' JDK sleeps, the suspension points that remain, at the runtime's. */
    static void redirect(Set<MethodInsnNode> points) {
        for (MethodInsnNode call : points) {
            String desc = replacement(call);
            if (desc != null) {
                call.setOpcode(Opcodes.INVOKESTATIC);
                call.owner = Names.THREAD_SLEEPS;
                call.desc = desc;
                call.itf = false;
            }
        }
    }

    /** The replacement's descriptor (same name) if {@code call} is a JDK sleep, else null. */
    private static String replacement(MethodInsnNode call) {
        if (!call.name.equals("sleep")) {
            return null;
        }
        if (call.getOpcode() == Opcodes.INVOKESTATIC && call.owner.equals(THREAD)
                && (call.desc.equals("(J)V") || call.desc.equals("(JI)V") || call.desc.equals("(Ljava/time/Duration;)V"))) {
            return call.desc;
        }
        if (call.getOpcode() == Opcodes.INVOKEVIRTUAL && call.owner.equals(TIME_UNIT) && call.desc.equals("(J)V")) {
            return "(L" + TIME_UNIT + ";J)V";
        }
        return null;
    }
}
