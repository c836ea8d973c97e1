package dev.weft.instrument.internal;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which methods are suspendable, by the rules of docs/architecture.md, decided from class
 * bytes alone: a method annotated {@code @Suspendable}; one that overrides or implements such a method
 * (same name and descriptor anywhere up the hierarchy); and the method a suspendable bridge
 * forwards to (generic overrides reach the annotated method only through their bridge).
 * A call site resolves from the instruction's owner upward, as the JVM resolves it.
 */
public final class Suspendables {
    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";

    private final ClassHierarchy hierarchy;
    private final boolean everySuspendable;
    private final Map<String, Boolean> memo = new ConcurrentHashMap<>();

    public Suspendables(ClassHierarchy hierarchy, boolean everySuspendable) {
        this.hierarchy = hierarchy;
        this.everySuspendable = everySuspendable;
    }

    public ClassHierarchy hierarchy() {
        return hierarchy;
    }

    /** Is {@code owner.name desc}, resolved from {@code owner} up, a suspendable method? */
    public boolean isSuspendable(String owner, String name, String desc) {
        if (name.startsWith("<")) {
            return false;
        }
        if (everySuspendable) {
            return !owner.startsWith("[") && !owner.equals(Names.FRAME_STACK) && !owner.equals(Names.CLASS_INIT);
        }
        String key = owner + '.' + name + desc;
        Boolean known = memo.get(key);
        if (known == null) {
            known = resolve(owner, name + desc, new HashSet<>());
            memo.put(key, known);
        }
        return known;
    }

    private boolean resolve(String owner, String method, Set<String> seen) {
        if (owner == null || owner.startsWith("[") || !seen.add(owner + '.' + method)) {
            return false;
        }
        ClassInfo info = hierarchy.get(owner);
        if (info == null) {
            return false;
        }
        ClassInfo.MethodInfo m = info.methods().get(method);
        if (m != null && m.annotated()) {
            return true;
        }
        for (Map.Entry<String, ClassInfo.MethodInfo> e : info.methods().entrySet()) {
            ClassInfo.MethodInfo bridge = e.getValue();
            if (method.equals(bridge.bridgeTarget()) && resolve(owner, e.getKey(), seen)) {
                return true;
            }
        }
        if (resolve(info.superName(), method, seen)) {
            return true;
        }
        for (String i : info.interfaces()) {
            if (resolve(i, method, seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lambda bodies of {@code cn} whose functional-interface method is suspendable, mapped
     * to that method's name and erased descriptor (what their callers arm with).
     */
    public Map<String, String> lambdaBodies(ClassNode cn) {
        Map<String, String> bodies = new HashMap<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (!(insn instanceof InvokeDynamicInsnNode indy) || !isLambda(indy)
                        || !(indy.bsmArgs[0] instanceof Type sam) || !(indy.bsmArgs[1] instanceof Handle impl)) {
                    continue;
                }
                String fi = Type.getReturnType(indy.desc).getInternalName();
                if (impl.getOwner().equals(cn.name) && isSuspendable(fi, indy.name, sam.getDescriptor())) {
                    bodies.put(impl.getName() + impl.getDesc(), indy.name + sam.getDescriptor());
                }
            }
        }
        return bodies;
    }

    /** Is this {@code invokedynamic} a lambda or method reference made by LambdaMetafactory? */
    static boolean isLambda(InvokeDynamicInsnNode indy) {
        return LAMBDA_METAFACTORY.equals(indy.bsm.getOwner()) && indy.bsmArgs.length >= 3;
    }

    /** Is this call instruction a suspension point (before monitor and pinning rules)? */
    public boolean isSuspensionCall(MethodInsnNode call) {
        return !call.name.equals("<init>") && isSuspendable(call.owner, call.name, call.desc);
    }
}
