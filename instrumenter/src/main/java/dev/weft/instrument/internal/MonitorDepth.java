package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * How many monitors may be held before each instruction, the maximum over all paths. A call
 * made while a monitor is held is never a suspension point: unwinding would release the
 * {@code synchronized} region's exclusivity, so a park below it pins instead.
 *
 * <p>Exception edges carry the depth from before the instruction: javac's catch-any handler of
 * a {@code synchronized} block covers its {@code monitorexit}, and still holds the monitor.
 */
final class MonitorDepth {
    /** Deeper nesting is counted as this; only zero versus non-zero matters. */
    private static final int CAP = 8;

    private MonitorDepth() {}

    static int[] compute(MethodNode m, Flow flow) {
        int n = m.instructions.size();
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        if (n == 0) {
            return depth;
        }
        Deque<Integer> work = new ArrayDeque<>();
        depth[0] = 0;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int op = m.instructions.get(i).getOpcode();
            int after = op == Opcodes.MONITORENTER ? Math.min(CAP, depth[i] + 1)
                    : op == Opcodes.MONITOREXIT ? Math.max(0, depth[i] - 1) : depth[i];
            for (int s : flow.successors.get(i)) {
                if (after > depth[s]) {
                    depth[s] = after;
                    work.add(s);
                }
            }
            for (int h : flow.handlers.get(i)) {
                if (depth[i] > depth[h]) {
                    depth[h] = depth[i];
                    work.add(h);
                }
            }
        }
        return depth;
    }
}
