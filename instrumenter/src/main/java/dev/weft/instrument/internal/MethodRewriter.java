package dev.weft.instrument.internal;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rewrites one suspendable method into a resumable state machine.
 *
 * <p>The shape, for a method with suspension points {@code 0..n-1}:
 * <pre>
 *   s = FrameStack.enter(nameToken, altToken, this)   // null: outside, or cannot unwind
 *   if (s != null &amp;&amp; s.resuming) goto DISPATCH
 *   ... original code, where each suspension point k becomes:
 *       [spill receiver and arguments to temps]
 *   CALL_k:
 *       if (s != null) { s.token = calleeToken; s.callee = receiver }   // arm: "your caller can unwind"
 *       [reload receiver and arguments] INVOKE
 *       if (s != null) { if (s.unwinding) goto SAVE_k; s.token = 0 }
 *   ... and each preemption check that {@link PreemptionChecks} placed at a loop back-edge is a
 *       suspension point guarded by if (s != null &amp;&amp; s.preempt) { CALL_k: ... Preemption.check() ... }
 *   ...
 *   SAVE_k:    pop the dummy result; push the operand stack beneath the call, the live locals,
 *              the spilled receiver and arguments, and the record (methodId, k); return a dummy
 *   DISPATCH:  switch (s.resumeIndex(Owner.class, methodId)) { case k: goto RESTORE_k }
 *   RESTORE_k: pop the same values in reverse order into locals and onto the stack; goto CALL_k
 * </pre>
 *
 * <p>Invariants. Saving happens only when a park actually unwinds; code that does not park
 * pays the arm stores and one flag test per suspension point. A frame unwinds only if
 * {@code enter} answered its frame stack: its caller armed it, so every frame up to the continuation's entry returns
 * by the same protocol and no code that was not rewritten is returned through (it would go on
 * running after a "return" that was really a park). Resuming re-invokes the callee with the
 * spilled receiver and arguments, so forwarders between frames (lambda proxies, bridges) are
 * re-entered exactly as before and stack traces show the real chain. Parameters never written
 * in the method arrive again with the re-invocation and are not saved. A token is the
 * runtime's {@code Tokens} int for a {@code name + desc}, unique to it in the JVM, loaded through
 * a constant {@code invokedynamic} (so exact, and as cheap as an int constant once linked). A method id is the method's ordinal among its class's rewritten
 * methods, and a record names the class too, so (class, id) is exact. The save and restore
 * blocks sit after all original code, outside every try range, so no user handler or finally
 * block sees the unwinding.
 */
final class MethodRewriter {
    private static final Handle TOKENS_BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, Names.TOKENS,
            Names.TOKENS_BOOTSTRAP, Names.TOKENS_BOOTSTRAP_DESC, false);
    /** The most local variable slots a method may have: {@code max_locals} is a u2. */
    private static final int MAX_LOCALS = 0xFFFF;

    private final ClassNode owner;
    private final MethodNode m;
    private final Suspendables rules;
    private final String altMethod;
    private final int methodId;

    private int frameStackLocal;
    private final List<Integer> siteLines = new ArrayList<>();
    /** The preemption checks placed at back-edges ({@link PreemptionChecks}): suspension points taken only on request. */
    private Set<MethodInsnNode> preemptions = Set.of();

    /**
     * @param altMethod the name and descriptor its callers may also arm with: for a lambda body
     *                  its functional-interface method, for a method a bridge forwards to that
     *                  bridge; otherwise null
     * @param methodId  the method's ordinal among the class's rewritten methods: its index in
     *                  the class's {@code @Woven} marker, which its saved records carry
     */
    MethodRewriter(ClassNode owner, MethodNode m, Suspendables rules, String altMethod, int methodId) {
        this.owner = owner;
        this.m = m;
        this.rules = rules;
        this.altMethod = altMethod;
        this.methodId = methodId;
    }

    /** Rewrites the method in place; false if it has no suspension point to rewrite. */
    boolean rewrite() throws Refusal {
        Set<MethodInsnNode> points = findSuspensionPoints();
        boolean loops = PreemptionChecks.applies(owner) && PreemptionChecks.hasBackEdges(m);
        if ((points.isEmpty() && !loops) || (m.access & Opcodes.ACC_SYNCHRONIZED) != 0) {
            return false;
        }
        if ((owner.version & 0xFFFF) < Opcodes.V1_5) {
            // The save and dispatch load the owner with ldc of a class, which such files may not hold.
            throw new Refusal("its class file is older than Java 5 (version " + (owner.version & 0xFFFF)
                    + "), which cannot load a class constant (recompile it for Java 5 or newer)");
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
                throw new Refusal("it uses JSR/RET subroutines (recompile it for Java 7 or newer)");
            }
        }
        Flow flow = Flow.analyze(owner, m, rules.hierarchy());
        int[] monitors = MonitorDepth.compute(m, flow);
        points.removeIf(p -> {
            int at = m.instructions.indexOf(p);
            return flow.frames[at] == null || monitors[at] != 0;
        });
        ThreadSleeps.redirect(points);
        if (loops) {
            preemptions = PreemptionChecks.insert(m, flow, monitors);
            points.addAll(preemptions);
        }
        if (points.isEmpty()) {
            return false;
        }
        Flow analyzed = preemptions.isEmpty() ? flow : Flow.analyze(owner, m, rules.hierarchy());
        Flow current = NewRelocator.relocate(owner, m, analyzed, points) ? Flow.analyze(owner, m, rules.hierarchy()) : analyzed;
        BitSet[] live = Liveness.liveIn(m, current);
        BitSet written = writtenLocals();
        int originalLocals = m.maxLocals;

        frameStackLocal = m.maxLocals++;

        List<Site> sites = new ArrayList<>();
        for (MethodInsnNode p : points) {
            int at = m.instructions.indexOf(p);
            sites.add(new Site(sites.size(), p, current.frames[at], live[at], written, originalLocals));
            siteLines.add(lineOf(p));
        }
        if (m.maxLocals > MAX_LOCALS) {
            throw new Refusal("it would need " + m.maxLocals + " local variable slots once rewritten, above the"
                    + " class file's limit of " + MAX_LOCALS + " (split the method)");
        }
        LabelNode dispatch = new LabelNode();
        for (Site site : sites) {
            site.emitCallSite();
        }
        emitPrologue(dispatch);
        for (Site site : sites) {
            site.emitSave();
        }
        emitDispatch(dispatch, sites);
        for (Site site : sites) {
            site.emitRestore();
        }
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; ) {
            AbstractInsnNode next = insn.getNext();
            if (insn instanceof FrameNode) {
                m.instructions.remove(insn);
            }
            insn = next;
        }
        return true;
    }

    /** The source line of each suspension point, by resume index, once rewritten. */
    List<Integer> siteLines() {
        return siteLines;
    }

    private static int lineOf(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode line) {
                return line.line;
            }
        }
        return -1;
    }

    private Set<MethodInsnNode> findSuspensionPoints() {
        Set<MethodInsnNode> points = new LinkedHashSet<>();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && rules.isSuspensionCall(call)) {
                points.add(call);
            }
        }
        points.addAll(ChanIterators.find(owner.name, m));
        points.addAll(ThreadSleeps.find(owner.name, m));
        return points;
    }

    /** Locals some instruction writes; a parameter outside this set keeps its entry value. */
    private BitSet writtenLocals() {
        BitSet written = new BitSet();
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                written.set(v.var);
            } else if (insn instanceof IincInsnNode inc) {
                written.set(inc.var);
            }
        }
        return written;
    }

    private void emitPrologue(LabelNode dispatch) {
        LabelNode start = new LabelNode();
        String nameToken = Names.tokenKey(m.name, m.desc);
        String altToken = altMethod == null ? nameToken : altMethod;
        boolean checkReceiver = (m.access & Opcodes.ACC_STATIC) == 0 && !isLambdaBody();
        InsnList code = new InsnList();
        code.add(token(nameToken));
        code.add(token(altToken));
        code.add(checkReceiver ? new VarInsnNode(Opcodes.ALOAD, 0) : new InsnNode(Opcodes.ACONST_NULL));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME_STACK, Names.ENTER, Names.ENTER_DESC, false));
        code.add(new InsnNode(Opcodes.DUP));
        code.add(new VarInsnNode(Opcodes.ASTORE, frameStackLocal));
        code.add(new JumpInsnNode(Opcodes.IFNULL, start));
        code.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
        code.add(new FieldInsnNode(Opcodes.GETFIELD, Names.FRAME_STACK, Names.RESUMING, "Z"));
        code.add(new JumpInsnNode(Opcodes.IFNE, dispatch));
        code.add(start);
        m.instructions.insert(code);
    }

    /**
     * Pushes the arm token of {@code key} ({@code name + desc}): a constant {@code invokedynamic},
     * linked once per site; in class files older than Java 7, which cannot hold one, a call.
     */
    private InsnList token(String key) {
        InsnList code = new InsnList();
        if ((owner.version & 0xFFFF) < Opcodes.V1_7) {
            // A map lookup per use, but Java 5 and 6 class files are rare.
            code.add(new LdcInsnNode(key));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.TOKENS, Names.TOKENS_OF, Names.TOKENS_OF_DESC, false));
        } else {
            code.add(new InvokeDynamicInsnNode(Names.TOKEN_INDY_NAME, Names.TOKEN_INDY_DESC, TOKENS_BOOTSTRAP, key));
        }
        return code;
    }

    /** A lambda body is reached through a proxy of another class: its receiver cannot be checked. */
    private boolean isLambdaBody() {
        return altMethod != null && m.name.startsWith("lambda$");
    }

    private void emitDispatch(LabelNode dispatch, List<Site> sites) {
        LabelNode bad = new LabelNode();
        LabelNode[] targets = new LabelNode[sites.size()];
        for (Site site : sites) {
            targets[site.index] = site.restore;
        }
        InsnList code = new InsnList();
        code.add(dispatch);
        code.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
        code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
        code.add(new LdcInsnNode(methodId));
        code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Names.FRAME_STACK, Names.RESUME_INDEX, Names.RESUME_INDEX_DESC, false));
        code.add(new TableSwitchInsnNode(0, targets.length - 1, bad, targets));
        code.add(bad);
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME_STACK, Names.BAD_RESUME_INDEX, Names.BAD_RESUME_INDEX_DESC, false));
        code.add(new InsnNode(Opcodes.ATHROW));
        m.instructions.add(code);
    }

    /** A value to save: where it lives and how it is stored. {@code local} is -1 on the operand stack. */
    private record Slot(int local, Type type, Names.Kind kind) {
        boolean isNull() {
            return kind == null;
        }
    }

    /** Classifies an analyzer value; null for an empty slot (nothing to save). */
    private static Slot slot(int local, BasicValue v) throws Refusal {
        Type t = v == null ? null : v.getType();
        if (t == null) {
            return null;
        }
        return switch (t.getSort()) {
            case Type.BOOLEAN, Type.CHAR, Type.BYTE, Type.SHORT, Type.INT -> new Slot(local, Type.INT_TYPE, Names.Kind.INT);
            case Type.FLOAT -> new Slot(local, t, Names.Kind.FLOAT);
            case Type.LONG -> new Slot(local, t, Names.Kind.LONG);
            case Type.DOUBLE -> new Slot(local, t, Names.Kind.DOUBLE);
            case Type.ARRAY -> new Slot(local, t, Names.Kind.REF);
            case Type.OBJECT -> "null".equals(t.getInternalName()) ? new Slot(local, t, null) : new Slot(local, t, Names.Kind.REF);
            default -> throw new Refusal("a return address is live across a suspension point");
        };
    }

    /** One suspension point and the code that saves and restores around it. */
    private final class Site {
        final int index;
        final MethodInsnNode call;
        final LabelNode callLabel = new LabelNode();
        final LabelNode save = new LabelNode();
        final LabelNode restore = new LabelNode();
        final List<Slot> stack = new ArrayList<>();
        final List<Slot> locals = new ArrayList<>();
        final List<Slot> spilled = new ArrayList<>();

        Site(int index, MethodInsnNode call, Frame<BasicValue> f, BitSet live, BitSet written, int originalLocals) throws Refusal {
            this.index = index;
            this.call = call;
            Type[] args = Type.getArgumentTypes(call.desc);
            boolean hasReceiver = call.getOpcode() != Opcodes.INVOKESTATIC;
            int callValues = args.length + (hasReceiver ? 1 : 0);
            int beneath = f.getStackSize() - callValues;
            for (int i = 0; i < beneath; i++) {
                Slot s = slot(-1, f.getStack(i));
                if (s == null) {
                    throw new Refusal("an uninitialized value is on the operand stack at a suspension point");
                }
                stack.add(s);
            }
            int params = Type.getArgumentsAndReturnSizes(m.desc) >> 2;
            if ((m.access & Opcodes.ACC_STATIC) != 0) {
                params--;
            }
            for (int l = live.nextSetBit(0); l >= 0 && l < originalLocals; l = live.nextSetBit(l + 1)) {
                if (l < params && !written.get(l)) {
                    continue;
                }
                Slot s = slot(l, f.getLocal(l));
                if (s != null) {
                    locals.add(s);
                }
            }
            for (int i = 0; i < callValues; i++) {
                Slot s = slot(-1, f.getStack(beneath + i));
                if (s == null) {
                    throw new Refusal("an uninitialized value is passed to a suspendable call");
                }
                int temp = m.maxLocals;
                m.maxLocals += s.type.getSize();
                spilled.add(new Slot(temp, s.type, s.kind));
            }
        }

        void emitCallSite() {
            InsnList before = new InsnList();
            LabelNode notAsked = null;
            if (preemptions.contains(call)) {
                // Taken only when the monitor asked: the fast path is one volatile read.
                notAsked = new LabelNode();
                before.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
                before.add(new JumpInsnNode(Opcodes.IFNULL, notAsked));
                before.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
                before.add(new FieldInsnNode(Opcodes.GETFIELD, Names.FRAME_STACK, Names.PREEMPT, "Z"));
                before.add(new JumpInsnNode(Opcodes.IFEQ, notAsked));
            }
            for (int i = spilled.size() - 1; i >= 0; i--) {
                before.add(store(spilled.get(i)));
            }
            before.add(callLabel);
            LabelNode armed = new LabelNode();
            before.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            before.add(new JumpInsnNode(Opcodes.IFNULL, armed));
            before.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            before.add(token(Names.tokenKey(call.name, call.desc)));
            before.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.FRAME_STACK, Names.TOKEN, Names.TOKEN_DESC));
            if (call.getOpcode() != Opcodes.INVOKESTATIC) {
                before.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
                before.add(load(spilled.get(0)));
                before.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.FRAME_STACK, Names.CALLEE, "Ljava/lang/Object;"));
            }
            before.add(armed);
            for (Slot s : spilled) {
                before.add(load(s));
            }
            m.instructions.insertBefore(call, before);

            LabelNode go = new LabelNode();
            InsnList after = new InsnList();
            after.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            after.add(new JumpInsnNode(Opcodes.IFNULL, go));
            after.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            after.add(new FieldInsnNode(Opcodes.GETFIELD, Names.FRAME_STACK, Names.UNWINDING, "Z"));
            after.add(new JumpInsnNode(Opcodes.IFNE, save));
            after.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            after.add(new InsnNode(Opcodes.ICONST_0));
            after.add(new FieldInsnNode(Opcodes.PUTFIELD, Names.FRAME_STACK, Names.TOKEN, Names.TOKEN_DESC));
            after.add(go);
            if (notAsked != null) {
                after.add(notAsked);
            }
            m.instructions.insert(call, after);
        }

        void emitSave() {
            InsnList code = new InsnList();
            code.add(save);
            int resultSize = Type.getReturnType(call.desc).getSize();
            if (resultSize > 0) {
                code.add(new InsnNode(resultSize == 2 ? Opcodes.POP2 : Opcodes.POP));
            }
            for (int i = stack.size() - 1; i >= 0; i--) {
                Slot s = stack.get(i);
                if (s.isNull()) {
                    code.add(new InsnNode(Opcodes.POP));
                } else {
                    code.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
                    code.add(push(s.kind));
                }
            }
            for (Slot s : locals) {
                pushLocal(code, s);
            }
            for (Slot s : spilled) {
                pushLocal(code, s);
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            code.add(new LdcInsnNode(Type.getObjectType(owner.name)));
            code.add(new LdcInsnNode(methodId));
            code.add(new LdcInsnNode(index));
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Names.FRAME_STACK, Names.PUSH_RECORD, Names.PUSH_RECORD_DESC, false));
            Type ret = Type.getReturnType(m.desc);
            switch (ret.getSort()) {
                case Type.VOID -> { }
                case Type.LONG -> code.add(new InsnNode(Opcodes.LCONST_0));
                case Type.FLOAT -> code.add(new InsnNode(Opcodes.FCONST_0));
                case Type.DOUBLE -> code.add(new InsnNode(Opcodes.DCONST_0));
                case Type.OBJECT, Type.ARRAY -> code.add(new InsnNode(Opcodes.ACONST_NULL));
                default -> code.add(new InsnNode(Opcodes.ICONST_0));
            }
            code.add(new InsnNode(ret.getOpcode(Opcodes.IRETURN)));
            m.instructions.add(code);
        }

        private void pushLocal(InsnList code, Slot s) {
            if (s.isNull()) {
                return;
            }
            code.add(new VarInsnNode(s.type.getOpcode(Opcodes.ILOAD), s.local));
            code.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            code.add(push(s.kind));
        }

        void emitRestore() {
            InsnList code = new InsnList();
            code.add(restore);
            for (int i = spilled.size() - 1; i >= 0; i--) {
                popValue(code, spilled.get(i));
                code.add(store(spilled.get(i)));
            }
            for (int i = locals.size() - 1; i >= 0; i--) {
                popValue(code, locals.get(i));
                code.add(store(locals.get(i)));
            }
            for (Slot s : stack) {
                popValue(code, s);
            }
            code.add(new JumpInsnNode(Opcodes.GOTO, callLabel));
            m.instructions.add(code);
        }

        /** Pushes the saved value of {@code s} (a null constant was never saved). */
        private void popValue(InsnList code, Slot s) {
            if (s.isNull()) {
                code.add(new InsnNode(Opcodes.ACONST_NULL));
                return;
            }
            code.add(new VarInsnNode(Opcodes.ALOAD, frameStackLocal));
            code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, Names.FRAME_STACK, s.kind.pop, s.kind.popDesc(), false));
            if (s.kind == Names.Kind.REF && !s.type.getInternalName().equals("java/lang/Object")) {
                code.add(new TypeInsnNode(Opcodes.CHECKCAST, s.type.getInternalName()));
            }
        }

        private AbstractInsnNode store(Slot s) {
            return new VarInsnNode(s.isNull() ? Opcodes.ASTORE : s.type.getOpcode(Opcodes.ISTORE), s.local);
        }

        private AbstractInsnNode load(Slot s) {
            return new VarInsnNode(s.isNull() ? Opcodes.ALOAD : s.type.getOpcode(Opcodes.ILOAD), s.local);
        }

        private AbstractInsnNode push(Names.Kind kind) {
            return new MethodInsnNode(Opcodes.INVOKESTATIC, Names.FRAME_STACK, kind.push, kind.pushDesc(), false);
        }
    }
}
