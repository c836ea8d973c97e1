package dev.weft.instrument.internal.race;

import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;


/**
 * Race mode's rewrite of one method: before each field and array access it inserts a call that
 * tells the runtime ({@code dev.weft.internal.race.Accesses}) which site accesses which object;
 * around monitors, volatile fields and calls that synchronize, calls to {@code JdkSync}.
 *
 * <p>What must stay true: the inserted code leaves the operand stack and every local the method
 * uses exactly as it found them (it shuffles copies with DUP forms, or parks a call's arguments
 * in fresh locals above the method's own), so existing stack map frames stay valid and none is
 * needed, except for the one catch-all handler added to a synchronized method or a static
 * initializer, whose frame is written here. Nothing is inserted before a constructor's
 * {@code this} is initialized, where the object may not be passed anywhere.
 */
final class AccessInstrumenter {
    static final String ACCESSES = "dev/weft/internal/race/Accesses";
    static final String JDK_SYNC = "dev/weft/internal/race/JdkSync";

    /** Registers a site and answers its number: {@code dev.weft.internal.race.Sites.register}'s arguments. */
    interface SiteSink {
        int site(String method, int line, String owner, String field);
    }

    private final ClassNode cn;
    private final MethodNode m;
    private final FieldFacts fields;
    private final SiteSink sites;
    private final boolean frames;
    private int line;
    private int tempBase;
    private int changes;

    AccessInstrumenter(ClassNode cn, MethodNode m, FieldFacts fields, SiteSink sites) {
        this.cn = cn;
        this.m = m;
        this.fields = fields;
        this.sites = sites;
        this.frames = (cn.version & 0xFFFF) >= Opcodes.V1_6;
    }

    /** Rewrites the method in place; answers how many sites it instrumented. */
    int instrument() {
        tempBase = m.maxLocals;
        boolean constructor = m.name.equals("<init>");
        boolean initialized = !constructor;
        int pendingNews = 0;
        for (AbstractInsnNode insn : m.instructions.toArray()) {
            if (insn instanceof LineNumberNode ln) {
                line = ln.line;
                continue;
            }
            int op = insn.getOpcode();
            if (!initialized) {
                if (op == Opcodes.NEW) {
                    pendingNews++;
                } else if (op == Opcodes.INVOKESPECIAL && ((MethodInsnNode) insn).name.equals("<init>")) {
                    if (pendingNews == 0) {
                        initialized = true;
                    } else {
                        pendingNews--;
                    }
                }
                continue;
            }
            if (insn instanceof FieldInsnNode f) {
                field(f);
            } else if (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD) {
                arrayLoad(insn);
            } else if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE) {
                arrayStore(insn);
            } else if (op == Opcodes.MONITORENTER) {
                m.instructions.insertBefore(insn, new InsnNode(Opcodes.DUP));
                m.instructions.insert(insn, call(JDK_SYNC, "monitorEnter", "(Ljava/lang/Object;)V"));
                changes++;
            } else if (op == Opcodes.MONITOREXIT) {
                InsnList l = new InsnList();
                l.add(new InsnNode(Opcodes.DUP));
                l.add(call(JDK_SYNC, "monitorExit", "(Ljava/lang/Object;)V"));
                m.instructions.insertBefore(insn, l);
                changes++;
            } else if (insn instanceof MethodInsnNode mi) {
                CallRules.Rule rule = CallRules.of(op, mi.owner, mi.name, mi.desc);
                if (rule == null && (op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKEINTERFACE) && !skippedOwner(mi.owner)) {
                    String juc = fields.concurrentAncestor(mi.owner, mi.name, mi.desc);
                    rule = juc == null ? null : CallRules.of(op, juc, mi.name, mi.desc);
                }
                if (rule != null) {
                    call(mi, rule);
                }
            }
        }
        boolean isStatic = (m.access & Opcodes.ACC_STATIC) != 0;
        if ((m.access & Opcodes.ACC_SYNCHRONIZED) != 0
                && (isStatic ? (cn.version & 0xFFFF) >= Opcodes.V1_5 : !storesThis())) {
            // a class literal needs version 49; a handler that reads this needs this untouched
            bracket(monitor("monitorEnter"), monitor("monitorExit"));
        }
        if (m.name.equals("<clinit>")) {
            bracket(call(ACCESSES, "initializerEnter", "()V"), call(ACCESSES, "initializerExit", "()V"));
        }
        return changes;
    }

    // ---- fields and arrays -------------------------------------------------------------------

    private void field(FieldInsnNode f) {
        if (skippedOwner(f.owner) || f.name.startsWith("weft$")) {
            return;
        }
        FieldFacts.Field facts = fields.resolve(f.owner, f.name, f.desc);
        if (facts == null || skippedOwner(facts.declaringClass()) || facts.isFinal()) {
            return;
        }
        int site = sites.site(m.name, line, facts.declaringClass().replace('/', '.'), f.name);
        boolean wide = Type.getType(f.desc).getSize() == 2;
        InsnList before = new InsnList();
        InsnList after = new InsnList();
        switch (f.getOpcode()) {
            case Opcodes.GETFIELD:
                if (facts.isVolatile()) {
                    before.add(new InsnNode(Opcodes.DUP));
                    if (wide) {
                        after.add(new InsnNode(Opcodes.DUP2_X1));
                        after.add(new InsnNode(Opcodes.POP2));
                    } else {
                        after.add(new InsnNode(Opcodes.SWAP));
                    }
                    after.add(push(site));
                    after.add(call(JDK_SYNC, "volatileRead", "(Ljava/lang/Object;I)V"));
                } else {
                    before.add(new InsnNode(Opcodes.DUP));
                    before.add(push(site));
                    before.add(call(ACCESSES, "read", "(Ljava/lang/Object;I)V"));
                }
                break;
            case Opcodes.PUTFIELD:
                if (wide) {
                    before.add(new InsnNode(Opcodes.DUP2_X1));
                    before.add(new InsnNode(Opcodes.POP2));
                    before.add(new InsnNode(Opcodes.DUP_X2));
                } else {
                    before.add(new InsnNode(Opcodes.DUP2));
                    before.add(new InsnNode(Opcodes.POP));
                }
                before.add(push(site));
                before.add(facts.isVolatile() ? call(JDK_SYNC, "volatileWrite", "(Ljava/lang/Object;I)V")
                        : call(ACCESSES, "write", "(Ljava/lang/Object;I)V"));
                break;
            case Opcodes.GETSTATIC:
                if (facts.isVolatile()) {
                    after.add(push(site));
                    after.add(call(JDK_SYNC, "volatileReadStatic", "(I)V"));
                } else {
                    before.add(push(site));
                    before.add(call(ACCESSES, "readStatic", "(I)V"));
                }
                break;
            default: // PUTSTATIC
                before.add(push(site));
                before.add(facts.isVolatile() ? call(JDK_SYNC, "volatileWriteStatic", "(I)V") : call(ACCESSES, "writeStatic", "(I)V"));
                break;
        }
        m.instructions.insertBefore(f, before);
        m.instructions.insert(f, after);
        changes++;
    }

    private void arrayLoad(AbstractInsnNode insn) {
        InsnList l = new InsnList();
        l.add(new InsnNode(Opcodes.DUP2));
        l.add(push(sites.site(m.name, line, null, "array element")));
        l.add(call(ACCESSES, "readElement", "(Ljava/lang/Object;II)V"));
        m.instructions.insertBefore(insn, l);
        changes++;
    }

    private void arrayStore(AbstractInsnNode insn) {
        InsnList l = new InsnList();
        int op = insn.getOpcode();
        if (op == Opcodes.LASTORE || op == Opcodes.DASTORE) {
            l.add(new InsnNode(Opcodes.DUP2_X2));
            l.add(new InsnNode(Opcodes.POP2));
            l.add(new InsnNode(Opcodes.DUP2_X2));
        } else {
            l.add(new InsnNode(Opcodes.DUP_X2));
            l.add(new InsnNode(Opcodes.POP));
            l.add(new InsnNode(Opcodes.DUP2_X1));
        }
        l.add(push(sites.site(m.name, line, null, "array element")));
        l.add(call(ACCESSES, "writeElement", "(Ljava/lang/Object;II)V"));
        m.instructions.insertBefore(insn, l);
        changes++;
    }

    /** The JDK's classes and weft's own (its net package included) are never tracked. */
    static boolean skippedOwner(String owner) {
        return owner.startsWith("java/") || owner.startsWith("javax/") || owner.startsWith("jdk/") || owner.startsWith("sun/")
                || owner.startsWith("com/sun/") || owner.startsWith("dev/weft/internal/") || owner.startsWith("dev/weft/instrument/")
                || owner.startsWith("dev/weft/agent/") || owner.startsWith("dev/weft/net/") || owner.startsWith("[")
                || (owner.startsWith("dev/weft/") && owner.indexOf('/', "dev/weft/".length()) < 0);
    }

    // ---- calls -------------------------------------------------------------------------------

    /**
     * Rewrites a call: its arguments go to fresh locals, so the receiver (if any) and each
     * argument can be read again around the call, which is then made with the same arguments
     * (a task among them wrapped).
     */
    private void call(MethodInsnNode mi, CallRules.Rule rule) {
        if (rule.kind() == CallRules.Kind.EXIT) {
            InsnList l = new InsnList();
            l.add(new InsnNode(Opcodes.DUP));
            l.add(call(JDK_SYNC, "exit", "(I)V"));
            m.instructions.insertBefore(mi, l);
            changes++;
            return;
        }
        Type[] args = Type.getArgumentTypes(mi.desc);
        boolean hasReceiver = mi.getOpcode() != Opcodes.INVOKESTATIC && mi.getOpcode() != Opcodes.INVOKESPECIAL;
        int[] slots = new int[args.length];
        int next = tempBase;
        for (int i = 0; i < args.length; i++) {
            slots[i] = next;
            next += args[i].getSize();
        }
        int receiverSlot = next++;
        int taskSlot = next++;
        if (next > 65_000) {
            return;
        }
        m.maxLocals = Math.max(m.maxLocals, next);
        InsnList before = new InsnList();
        for (int i = args.length - 1; i >= 0; i--) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ISTORE), slots[i]));
        }
        if (hasReceiver) {
            before.add(new InsnNode(Opcodes.DUP));
            before.add(new VarInsnNode(Opcodes.ASTORE, receiverSlot));
        }
        boolean hasTask = false;
        switch (rule.kind()) {
            case SYNC:
                if (hasReceiver) {
                    before.add(new VarInsnNode(Opcodes.ALOAD, receiverSlot));
                    before.add(push(rule.role()));
                    before.add(call(JDK_SYNC, "before", "(Ljava/lang/Object;I)V"));
                }
                break;
            case ARRAYCOPY:
                for (int i = 0; i < 5; i++) {
                    before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
                }
                before.add(push(sites.site(m.name, line, null, "array range")));
                before.add(call(JDK_SYNC, "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;III)V"));
                break;
            case RANGE:
                for (CallRules.Range r : rule.ranges()) {
                    before.add(new VarInsnNode(Opcodes.ALOAD, slots[r.array()]));
                    before.add(r.from() < 0 ? new InsnNode(Opcodes.ICONST_0) : new VarInsnNode(Opcodes.ILOAD, slots[r.from()]));
                    if (r.length() < 0) {
                        before.add(push(Integer.MAX_VALUE));
                    } else {
                        before.add(new VarInsnNode(Opcodes.ILOAD, slots[r.length()]));
                        if (r.lengthIsEnd()) {
                            before.add(new VarInsnNode(Opcodes.ILOAD, slots[r.from()]));
                            before.add(new InsnNode(Opcodes.ISUB));
                        }
                        if (r.minus() >= 0) {
                            before.add(new VarInsnNode(Opcodes.ILOAD, slots[r.minus()]));
                            before.add(new InsnNode(Opcodes.ISUB));
                        }
                    }
                    before.add(new InsnNode(rule.write() ? Opcodes.ICONST_1 : Opcodes.ICONST_0));
                    before.add(push(sites.site(m.name, line, null, "array range")));
                    before.add(call(JDK_SYNC, "range", "(Ljava/lang/Object;IIZI)V"));
                }
                break;
            case FIELD:
                before.add(new VarInsnNode(Opcodes.ALOAD, receiverSlot));
                before.add(new TypeInsnNode(Opcodes.CHECKCAST, "java/lang/reflect/Field"));
                before.add(new VarInsnNode(Opcodes.ALOAD, slots[0]));
                before.add(new InsnNode(rule.write() ? Opcodes.ICONST_1 : Opcodes.ICONST_0));
                before.add(push(sites.site(m.name, line, null, "reflected field")));
                before.add(call(JDK_SYNC, "field", "(Ljava/lang/reflect/Field;Ljava/lang/Object;ZI)V"));
                break;
            case ELEMENT:
                before.add(new VarInsnNode(Opcodes.ALOAD, slots[0]));
                before.add(new VarInsnNode(Opcodes.ILOAD, slots[1]));
                before.add(new InsnNode(rule.write() ? Opcodes.ICONST_1 : Opcodes.ICONST_0));
                before.add(push(sites.site(m.name, line, null, "array element")));
                before.add(call(JDK_SYNC, "element", "(Ljava/lang/Object;IZI)V"));
                break;
            case VAR_HANDLE:
                before.add(new VarInsnNode(Opcodes.ALOAD, receiverSlot));
                before.add(args.length > 0 && isReference(args[0]) ? new VarInsnNode(Opcodes.ALOAD, slots[0]) : new InsnNode(Opcodes.ACONST_NULL));
                before.add(args.length > 1 && args[1].getSort() == Type.INT ? new VarInsnNode(Opcodes.ILOAD, slots[1]) : push(-1));
                before.add(push(rule.role()));
                before.add(push(sites.site(m.name, line, null, "VarHandle target")));
                before.add(call(JDK_SYNC, "varHandleBefore", "(Ljava/lang/Object;Ljava/lang/Object;III)V"));
                break;
            case VAR_HANDLE_MADE:
                break;
            default:
                throw new AssertionError(rule.kind());
        }
        for (int i = 0; i < args.length; i++) {
            before.add(new VarInsnNode(args[i].getOpcode(Opcodes.ILOAD), slots[i]));
            if (rule.tasks() != null && rule.tasks()[i] >= 0) {
                before.add(push(rule.tasks()[i]));
                before.add(hasReceiver ? new VarInsnNode(Opcodes.ALOAD, receiverSlot) : new InsnNode(Opcodes.ACONST_NULL));
                before.add(push(CallRules.taskUses(mi.owner)));
                before.add(call(JDK_SYNC, "wrap", "(Ljava/lang/Object;ILjava/lang/Object;I)Ljava/lang/Object;"));
                before.add(new TypeInsnNode(Opcodes.CHECKCAST, args[i].getInternalName()));
                before.add(new InsnNode(Opcodes.DUP));
                before.add(new VarInsnNode(Opcodes.ASTORE, taskSlot));
                hasTask = true;
            } else if (rule.wrapAll() && !hasTask && args[i].getDescriptor().equals("Ljava/util/Collection;")) {
                before.add(call(JDK_SYNC, "wrapAll", "(Ljava/util/Collection;)Ljava/util/Collection;"));
                before.add(new InsnNode(Opcodes.DUP));
                before.add(new VarInsnNode(Opcodes.ASTORE, taskSlot));
                hasTask = true;
            }
        }
        m.instructions.insertBefore(mi, before);
        if (rule.kind() == CallRules.Kind.VAR_HANDLE) {
            InsnList after = new InsnList();
            after.add(new VarInsnNode(Opcodes.ALOAD, receiverSlot));
            after.add(args.length > 0 && isReference(args[0]) ? new VarInsnNode(Opcodes.ALOAD, slots[0]) : new InsnNode(Opcodes.ACONST_NULL));
            after.add(args.length > 1 && args[1].getSort() == Type.INT ? new VarInsnNode(Opcodes.ILOAD, slots[1]) : push(-1));
            after.add(push(rule.role()));
            after.add(call(JDK_SYNC, "varHandleAfter", "(Ljava/lang/Object;Ljava/lang/Object;II)V"));
            m.instructions.insert(mi, after);
        } else if (rule.kind() == CallRules.Kind.VAR_HANDLE_MADE && args.length == 3) {
            InsnList after = new InsnList();
            after.add(new InsnNode(Opcodes.DUP));
            after.add(new VarInsnNode(Opcodes.ALOAD, slots[0]));
            after.add(new VarInsnNode(Opcodes.ALOAD, slots[1]));
            after.add(call(JDK_SYNC, "varHandleMade", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;)V"));
            m.instructions.insert(mi, after);
        } else if (rule.constructor()) {
            // the new object is on the stack once more (new, dup, ..., invokespecial)
            InsnList after = new InsnList();
            after.add(new InsnNode(Opcodes.DUP));
            after.add(new VarInsnNode(Opcodes.ALOAD, taskSlot));
            after.add(call(JDK_SYNC, "constructed", "(Ljava/lang/Object;Ljava/lang/Object;)V"));
            if (hasTask && constructedRefOnStack(mi)) {
                m.instructions.insert(mi, after);
            }
        } else if (rule.kind() == CallRules.Kind.SYNC) {
            InsnList after = new InsnList();
            Type ret = Type.getReturnType(mi.desc);
            boolean objectResult = ret.getSort() == Type.OBJECT || ret.getSort() == Type.ARRAY;
            after.add(new InsnNode(objectResult ? Opcodes.DUP : Opcodes.ACONST_NULL));
            after.add(hasReceiver ? new VarInsnNode(Opcodes.ALOAD, receiverSlot) : new InsnNode(Opcodes.ACONST_NULL));
            after.add(rule.linksFirstArgument() ? new VarInsnNode(Opcodes.ALOAD, slots[0])
                    : hasTask && !rule.wrapAll() ? new VarInsnNode(Opcodes.ALOAD, taskSlot) : new InsnNode(Opcodes.ACONST_NULL));
            after.add(push(rule.role()));
            after.add(push(rule.linkRole()));
            after.add(call(JDK_SYNC, "after", "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/Object;II)V"));
            if (rule.wrapAll() && hasTask && objectResult) {
                after.add(new InsnNode(Opcodes.DUP));
                after.add(new VarInsnNode(Opcodes.ALOAD, taskSlot));
                after.add(call(JDK_SYNC, "linkAll", "(Ljava/lang/Object;Ljava/lang/Object;)V"));
            }
            m.instructions.insert(mi, after);
        }
        changes++;
    }

    // ---- synchronized methods and static initializers ----------------------------------------

    /**
     * Runs {@code enter} at the start and {@code exit} wherever the method returns or throws
     * (a catch-all handler covering the whole body, which runs {@code exit} and rethrows).
     */
    private void bracket(InsnList enter, InsnList exitCode) {
        InsnList body = m.instructions;
        for (AbstractInsnNode insn : body.toArray()) {
            int op = insn.getOpcode();
            if (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) {
                body.insertBefore(insn, copy(exitCode));
            }
        }
        LabelNode start = new LabelNode(new Label());
        LabelNode end = new LabelNode(new Label());
        LabelNode handler = new LabelNode(new Label());
        body.insert(start);
        body.insert(enter);
        body.add(end);
        body.add(handler);
        if (frames) {
            Object[] locals = (m.access & Opcodes.ACC_STATIC) != 0 ? new Object[0] : new Object[] {cn.name};
            body.add(new FrameNode(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Throwable"}));
        }
        body.add(copy(exitCode));
        body.add(new InsnNode(Opcodes.ATHROW));
        m.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        changes++;
    }

    /** The code that loads a synchronized method's monitor and calls {@code JdkSync.<name>} with it. */
    private InsnList monitor(String name) {
        InsnList l = new InsnList();
        if ((m.access & Opcodes.ACC_STATIC) != 0) {
            l.add(new LdcInsnNode(Type.getObjectType(cn.name)));
        } else {
            l.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        l.add(call(JDK_SYNC, name, "(Ljava/lang/Object;)V"));
        return l;
    }

    /** Whether the method ever overwrites local 0 ({@code this}): the handler's frame says it holds {@code this}. */
    private boolean storesThis() {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof VarInsnNode v && v.var == 0 && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                return true;
            }
            if (insn instanceof IincInsnNode i && i.var == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the object a constructor call initializes is still on the stack after it: javac's
     * {@code new X; dup; <args>; invokespecial}. A constructor's own {@code super(...)} is never
     * instrumented (it comes before {@code this} is initialized), so the nearest NEW-and-DUP of
     * the same class before the call is its object.
     */
    private static boolean constructedRefOnStack(MethodInsnNode init) {
        AbstractInsnNode p = init.getPrevious();
        for (int i = 0; i < 64 && p != null; i++, p = p.getPrevious()) {
            if (p.getOpcode() == Opcodes.DUP && p.getPrevious() instanceof TypeInsnNode n && n.getOpcode() == Opcodes.NEW) {
                return n.desc.equals(init.owner);
            }
        }
        return false;
    }

    private static boolean isReference(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    private static InsnList copy(InsnList l) {
        InsnList c = new InsnList();
        for (AbstractInsnNode insn : l) {
            c.add(insn.clone(java.util.Map.of()));
        }
        return c;
    }

    private static InsnList call(String owner, String name, String desc) {
        InsnList l = new InsnList();
        l.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner, name, desc, false));
        return l;
    }

    private static AbstractInsnNode push(int v) {
        return new LdcInsnNode(v);
    }
}
