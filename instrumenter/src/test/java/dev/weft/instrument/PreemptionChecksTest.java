package dev.weft.instrument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the weaver puts the preemption checks at loop back-edges: one per loop outside
 * {@code synchronized} regions, none inside (a check that yields there would unwind through a
 * held monitor). Several loops before the region shift instruction positions as checks are
 * inserted; each check must still be decided on the original position.
 */
@Timeout(60)
class PreemptionChecksTest {
    private static final String LOOPS = """
            package preempt;

            public class Loops {
                static final Object LOCK = new Object();
                static int spin;

                @dev.weft.Suspendable
                static void f(int n) {
                    for (int i = 0; i < n; i++) { spin++; }
                    for (int i = 0; i < n; i++) { spin++; }
                    for (int i = 0; i < n; i++) { spin++; }
                    for (int i = 0; i < n; i++) { spin++; }
                    for (int i = 0; i < n; i++) { spin++; }
                    for (int i = 0; i < n; i++) { spin++; }
                    synchronized (LOCK) {
                        for (int i = 0; i < n; i++) { spin++; }
                    }
                    dev.weft.internal.cont.Continuation.park();
                }

                @dev.weft.Suspendable
                static int leafWithLoop(int n) {
                    int s = 0;
                    for (int i = 0; i < n; i++) { s += i; }
                    return s;
                }
            }
            """;

    @TempDir
    Path workDir;

    @Test
    void backEdges_getOneCheckPerLoop_noneInsideSynchronized() {
        MethodNode f = wovenMethod("f");
        int depth = 0;
        int outside = 0;
        for (AbstractInsnNode insn = f.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.MONITORENTER) {
                depth++;
            } else if (insn.getOpcode() == Opcodes.MONITOREXIT) {
                depth = Math.max(0, depth - 1);
            } else if (isCheck(insn)) {
                assertEquals(0, depth, "a preemption check inside synchronized");
                outside++;
            }
        }
        assertEquals(6, outside, "one check per loop outside the synchronized block");
    }

    @Test
    void aSuspendableLeafWithALoop_isRewrittenForItsCheck() {
        MethodNode leaf = wovenMethod("leafWithLoop");
        int checks = 0;
        for (AbstractInsnNode insn = leaf.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            checks += isCheck(insn) ? 1 : 0;
        }
        assertEquals(1, checks, "a loop in a suspendable method can be preempted even without other suspension points");
    }

    private static boolean isCheck(AbstractInsnNode insn) {
        return insn instanceof MethodInsnNode call && call.owner.equals("dev/weft/internal/sched/Preemption");
    }

    private MethodNode wovenMethod(String name) {
        Map<String, byte[]> classes = SourceCompiler.compile(workDir, "preempt.Loops", LOOPS);
        Weaver weaver = new Weaver(ClassSource.of(getClass().getClassLoader()), WeaveOptions.DEFAULT);
        WeaveResult r = weaver.weave(classes.get("preempt/Loops"));
        assertNotNull(r.bytes(), "woven: " + r.warnings());
        assertTrue(weaver.verify(r.bytes()).isEmpty(), () -> "verifies: " + weaver.verify(r.bytes()));
        ClassNode cn = new ClassNode();
        new ClassReader(r.bytes()).accept(cn, 0);
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }
}
