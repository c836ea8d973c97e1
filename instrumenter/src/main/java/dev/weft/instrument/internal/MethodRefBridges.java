package dev.weft.instrument.internal;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns method references to suspendable methods ({@code Go.go(this::worker)}) into lambdas:
 * a synthetic {@code lambda$weft$N} in the capturing class that calls the referenced method,
 * and the {@code invokedynamic} re-pointed at it.
 *
 * <p>Why: a call through the functional interface is armed for the interface's method
 * ({@code run()V}); the JDK's proxy forwards it to the implementation method, which has another
 * name. A lambda body accepts its interface method's token, and its own call to the referenced
 * method is an ordinary suspension point, armed for that method on its receiver. So every
 * rewritten method accepts only tokens armed for it, and no token can leak through a frame that
 * was not rewritten.
 *
 * <p>The bridge adapts arguments and result as LambdaMetafactory would (boxing, unboxing,
 * widening, casts). Serializable method references are left alone: their serialized form names
 * the referenced method. Calling through one pins.
 */
public final class MethodRefBridges {
    private static final int FLAG_SERIALIZABLE = 1;

    /** Which method references to bridge: by the functional interface, its method, and the referenced method. */
    @FunctionalInterface
    public interface Wanted {
        boolean test(String functionalInterface, String method, String samDesc, Handle impl);
    }

    private MethodRefBridges() {}

    /** Rewrites {@code cn}'s method references to suspendable methods; answers how many. */
    static int convert(ClassNode cn, Suspendables rules) {
        return convert(cn, "lambda$weft$", (fi, name, sam, impl) -> rules.isSuspendable(fi, name, sam)
                && rules.isSuspendable(impl.getOwner(), impl.getName(), impl.getDesc()));
    }

    /**
     * Rewrites the method references {@code wanted} picks into lambdas named {@code prefix}N
     * (race mode bridges references to synchronizing JDK methods, so that their calls are in
     * code it instruments); answers how many.
     */
    public static int convert(ClassNode cn, String prefix, Wanted wanted) {
        List<MethodNode> added = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof InvokeDynamicInsnNode indy && Suspendables.isLambda(indy)) {
                    MethodNode bridge = bridge(cn, indy, wanted, prefix + added.size());
                    if (bridge != null) {
                        added.add(bridge);
                    }
                }
            }
        }
        cn.methods.addAll(added);
        return added.size();
    }

    private static MethodNode bridge(ClassNode cn, InvokeDynamicInsnNode indy, Wanted wanted, String name) {
        if (!(indy.bsmArgs[0] instanceof Type sam) || !(indy.bsmArgs[1] instanceof Handle impl)
                || !(indy.bsmArgs[2] instanceof Type instantiated)) {
            return null;
        }
        boolean alt = indy.bsm.getName().equals("altMetafactory");
        if (alt && indy.bsmArgs.length > 3 && indy.bsmArgs[3] instanceof Integer flags && (flags & FLAG_SERIALIZABLE) != 0) {
            return null;
        }
        String fi = Type.getReturnType(indy.desc).getInternalName();
        if ((impl.getOwner().equals(cn.name) && impl.getName().startsWith("lambda$"))
                || impl.getTag() == Opcodes.H_NEWINVOKESPECIAL
                || !wanted.test(fi, indy.name, sam.getDescriptor(), impl)) {
            return null;
        }
        boolean receiver = impl.getTag() != Opcodes.H_INVOKESTATIC;
        Type[] captured = Type.getArgumentTypes(indy.desc);
        Type[] given = concat(captured, instantiated.getArgumentTypes());
        Type[] targetArgs = Type.getArgumentTypes(impl.getDesc());
        Type[] expected = receiver ? concat(new Type[] {Type.getObjectType(impl.getOwner())}, targetArgs) : targetArgs;
        if (given.length != expected.length) {
            return null;
        }
        String desc = Type.getMethodDescriptor(instantiated.getReturnType(), given);
        MethodNode b = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC,
                name, desc, null, null);
        InsnList code = b.instructions;
        int slot = 0;
        for (int i = 0; i < given.length; i++) {
            code.add(new VarInsnNode(given[i].getOpcode(Opcodes.ILOAD), slot));
            slot += given[i].getSize();
            convert(code, given[i], expected[i]);
        }
        int opcode = switch (impl.getTag()) {
            case Opcodes.H_INVOKESTATIC -> Opcodes.INVOKESTATIC;
            case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
            case Opcodes.H_INVOKESPECIAL -> Opcodes.INVOKESPECIAL;
            default -> Opcodes.INVOKEVIRTUAL;
        };
        code.add(new MethodInsnNode(opcode, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface()));
        convert(code, Type.getReturnType(impl.getDesc()), instantiated.getReturnType());
        code.add(new InsnNode(instantiated.getReturnType().getOpcode(Opcodes.IRETURN)));
        b.maxLocals = slot;
        b.maxStack = Math.max(2, slot + 2);
        boolean itf = (cn.access & Opcodes.ACC_INTERFACE) != 0;
        indy.bsmArgs[1] = new Handle(Opcodes.H_INVOKESTATIC, cn.name, b.name, desc, itf);
        return b;
    }

    /** Adapts the value on top of the stack from {@code from} to {@code to}, as LambdaMetafactory does. */
    private static void convert(InsnList code, Type from, Type to) {
        if (from.equals(to) || to.getSort() == Type.VOID) {
            if (to.getSort() == Type.VOID && from.getSort() != Type.VOID) {
                code.add(new InsnNode(from.getSize() == 2 ? Opcodes.POP2 : Opcodes.POP));
            }
            return;
        }
        boolean fromRef = from.getSort() >= Type.ARRAY;
        boolean toRef = to.getSort() >= Type.ARRAY;
        if (fromRef && toRef) {
            if (!to.getInternalName().equals("java/lang/Object")) {
                code.add(new TypeInsnNode(Opcodes.CHECKCAST, to.getInternalName()));
            }
        } else if (!fromRef && toRef) {
            Type box = boxed(from);
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
                    Type.getMethodDescriptor(box, from), false));
            if (!to.getInternalName().equals("java/lang/Object") && !to.equals(box)) {
                code.add(new TypeInsnNode(Opcodes.CHECKCAST, to.getInternalName()));
            }
        } else if (fromRef) {
            Type unboxAs = isBox(from) ? unboxed(from) : to;
            Type box = boxed(unboxAs);
            if (!from.equals(box)) {
                code.add(new TypeInsnNode(Opcodes.CHECKCAST, box.getInternalName()));
            }
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, box.getInternalName(), unboxAs.getClassName() + "Value",
                    Type.getMethodDescriptor(unboxAs), false));
            widen(code, unboxAs, to);
        } else {
            widen(code, from, to);
        }
    }

    private static void widen(InsnList code, Type from, Type to) {
        int f = from.getSort();
        int t = to.getSort();
        if (f == t || (isIntLike(f) && t == Type.INT)) {
            return;
        }
        if (isIntLike(f)) {
            code.add(new InsnNode(t == Type.LONG ? Opcodes.I2L : t == Type.FLOAT ? Opcodes.I2F : Opcodes.I2D));
        } else if (f == Type.LONG) {
            code.add(new InsnNode(t == Type.FLOAT ? Opcodes.L2F : Opcodes.L2D));
        } else if (f == Type.FLOAT) {
            code.add(new InsnNode(Opcodes.F2D));
        }
    }

    private static boolean isIntLike(int sort) {
        return sort == Type.INT || sort == Type.SHORT || sort == Type.BYTE || sort == Type.CHAR || sort == Type.BOOLEAN;
    }

    private static final String[][] BOXES = {
        {"Z", "java/lang/Boolean"}, {"B", "java/lang/Byte"}, {"C", "java/lang/Character"}, {"S", "java/lang/Short"},
        {"I", "java/lang/Integer"}, {"J", "java/lang/Long"}, {"F", "java/lang/Float"}, {"D", "java/lang/Double"},
    };

    private static Type boxed(Type primitive) {
        for (String[] b : BOXES) {
            if (b[0].equals(primitive.getDescriptor())) {
                return Type.getObjectType(b[1]);
            }
        }
        throw new IllegalArgumentException("not a primitive: " + primitive);
    }

    private static boolean isBox(Type t) {
        for (String[] b : BOXES) {
            if (b[1].equals(t.getInternalName())) {
                return true;
            }
        }
        return false;
    }

    private static Type unboxed(Type box) {
        for (String[] b : BOXES) {
            if (b[1].equals(box.getInternalName())) {
                return Type.getType(b[0]);
            }
        }
        throw new IllegalArgumentException("not a box: " + box);
    }

    private static Type[] concat(Type[] a, Type[] b) {
        Type[] all = new Type[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
