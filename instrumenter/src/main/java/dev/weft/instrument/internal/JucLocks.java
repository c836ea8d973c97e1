package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.Map;
import java.util.Set;

/**
 * A {@code java.util.concurrent} lock held across a park pins: in a suspendable method, each
 * call that takes or releases such a lock becomes a call of the runtime's {@code JucLocks}
 * method of the same name, which makes the JDK's call and then notes what the goroutine holds,
 * so that while it holds one every park pins (the lock is its carrier thread's) and the unlock
 * runs on the thread that locked.
 *
 * <p>Which calls. {@code lock}, {@code lockInterruptibly}, both {@code tryLock}s and
 * {@code unlock}, called through {@code Lock} (or an interface extending it) or virtually on a
 * class that implements it ({@code ReentrantLock}, the read and write locks of a
 * {@code ReentrantReadWriteLock}); and the methods of {@code StampedLock} that take or release a
 * stamp ({@code readLock}, {@code writeLock}, their {@code try} and {@code Interruptibly} forms,
 * the {@code unlock}s, {@code tryUnlock}s and {@code tryConvert}s). {@code tryOptimisticRead}
 * holds nothing and stays as it is; a {@code StampedLock}'s {@code Lock} views go through
 * {@code Lock}. Receivers are decided from the call's owner, read as class bytes up the
 * hierarchy, never by loading a class. A call that is itself a suspension point (a suspendable
 * {@code lock} of the application's own) is left to the rewriter.
 *
 * <p>Invariants. The redirection keeps the stack shape: the receiver becomes the static
 * replacement's first argument, and a call that takes a lock gets one more, its call site as a
 * constant string (a stack-trace element's text), pushed just before the call; no frame at a
 * branch target changes, and the method needs one more operand-stack slot at most. None of weft's
 * own classes are touched: the runtime holds its locks across the unwinding of a park on purpose.
 */
final class JucLocks {
    /** The classes of the JDK known to implement {@code Lock}, answered without the hierarchy. */
    private static final Set<String> LOCK_CLASSES = Set.of(
            "java/util/concurrent/locks/ReentrantLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock",
            "java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock");
    private static final String TIMED = "JLjava/util/concurrent/TimeUnit;";

    /** {@code Lock}'s methods that take (true) or release (false) it, by name and descriptor. */
    static final Map<String, Boolean> LOCK_METHODS = Map.of(
            "lock()V", true,
            "lockInterruptibly()V", true,
            "tryLock()Z", true,
            "tryLock(" + TIMED + ")Z", true,
            "unlock()V", false);

    /** {@code StampedLock}'s methods that take (true) or release (false) a hold. */
    static final Map<String, Boolean> STAMPED_LOCK_METHODS = Map.ofEntries(
            Map.entry("writeLock()J", true),
            Map.entry("writeLockInterruptibly()J", true),
            Map.entry("tryWriteLock()J", true),
            Map.entry("tryWriteLock(" + TIMED + ")J", true),
            Map.entry("readLock()J", true),
            Map.entry("readLockInterruptibly()J", true),
            Map.entry("tryReadLock()J", true),
            Map.entry("tryReadLock(" + TIMED + ")J", true),
            Map.entry("tryConvertToWriteLock(J)J", true),
            Map.entry("tryConvertToReadLock(J)J", true),
            Map.entry("unlockWrite(J)V", false),
            Map.entry("unlockRead(J)V", false),
            Map.entry("unlock(J)V", false),
            Map.entry("tryUnlockWrite()Z", false),
            Map.entry("tryUnlockRead()Z", false),
            Map.entry("tryConvertToOptimisticRead(J)J", false));

    private JucLocks() {}

    /**
     * Redirects the lock calls of {@code m}, a suspendable method of {@code owner}, to the runtime.
     *
     * @return whether any call was redirected; {@code m}'s maximum stack then counts the site
     *         constant, and nothing else of it needs recomputing
     */
    static boolean redirect(ClassNode owner, MethodNode m, Suspendables rules) {
        if (Names.isWeftClass(owner.name)) {
            return false;
        }
        boolean any = false;
        boolean sites = false;
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof MethodInsnNode call)) {
                continue;
            }
            String receiver = receiver(call, rules.hierarchy());
            if (receiver == null || rules.isSuspensionCall(call)) {
                continue;
            }
            String key = call.name + call.desc;
            boolean takes = (receiver.equals(Names.JUC_LOCK) ? LOCK_METHODS : STAMPED_LOCK_METHODS).get(key);
            call.desc = replacementDesc(receiver, call.desc, takes);
            if (takes) {
                m.instructions.insertBefore(call, new LdcInsnNode(site(owner, m, call)));
                sites = true;
            }
            call.setOpcode(Opcodes.INVOKESTATIC);
            call.owner = Names.JUC_LOCKS;
            call.itf = false;
            any = true;
        }
        if (sites) {
            // Pushed on top of the call's arguments and taken at once: one slot above them at most.
            m.maxStack++;
        }
        return any;
    }

    /**
     * The replacement's descriptor for a call of {@code desc} on a {@code receiver} (the
     * replacement's first parameter type), with the site string last if the call {@code takes}.
     */
    static String replacementDesc(String receiver, String desc, boolean takes) {
        int close = desc.indexOf(')');
        return "(L" + receiver + ";" + desc.substring(1, close) + (takes ? "Ljava/lang/String;" : "") + desc.substring(close);
    }

    /**
     * {@link Names#JUC_LOCK} or {@link Names#JUC_STAMPED_LOCK} if {@code call} takes or releases
     * a lock of that kind, else null.
     */
    private static String receiver(MethodInsnNode call, ClassHierarchy hierarchy) {
        String key = call.name + call.desc;
        int op = call.getOpcode();
        if (LOCK_METHODS.containsKey(key) && (op == Opcodes.INVOKEINTERFACE || op == Opcodes.INVOKEVIRTUAL)
                && (call.owner.equals(Names.JUC_LOCK) || LOCK_CLASSES.contains(call.owner)
                    || isClass(call.owner) && hierarchy.isSubtype(call.owner, Names.JUC_LOCK))) {
            return Names.JUC_LOCK;
        }
        if (STAMPED_LOCK_METHODS.containsKey(key) && op == Opcodes.INVOKEVIRTUAL
                && (call.owner.equals(Names.JUC_STAMPED_LOCK)
                    || isClass(call.owner) && hierarchy.isSubtype(call.owner, Names.JUC_STAMPED_LOCK))) {
            return Names.JUC_STAMPED_LOCK;
        }
        return null;
    }

    /** Not an array type, whose methods are {@code Object}'s. */
    private static boolean isClass(String owner) {
        return !owner.startsWith("[");
    }

    /** The call's place as a stack-trace element prints it: {@code a.b.C.m(C.java:12)}. */
    private static String site(ClassNode owner, MethodNode m, MethodInsnNode call) {
        int line = -1;
        for (AbstractInsnNode i = call; i != null; i = i.getPrevious()) {
            if (i instanceof LineNumberNode n) {
                line = n.line;
                break;
            }
        }
        String where = owner.sourceFile == null ? "Unknown Source"
                : line >= 0 ? owner.sourceFile + ":" + line : owner.sourceFile;
        return Type.getObjectType(owner.name).getClassName() + "." + m.name + "(" + where + ")";
    }
}
