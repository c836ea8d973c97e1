package dev.weft.instrument;

import dev.weft.internal.cont.Continuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calls of suspendable methods that take and release {@code java.util.concurrent} locks
 * become calls of the runtime's {@code JucLocks}, every call shape of {@code Lock},
 * {@code ReentrantLock}, the locks of a read-write lock and {@code StampedLock}; a call that
 * takes a lock is given its call site. An optimistic read, other methods of the locks, and
 * methods that are not suspendable stay as they were; the woven class still verifies and does
 * exactly what it did on a plain thread.
 */
@Timeout(60)
class JucLocksWeaveTest {
    private static final String RUNTIME = "dev/weft/internal/cont/JucLocks";

    private static final String SHAPES = """
            package locks;

            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.locks.Lock;
            import java.util.concurrent.locks.ReadWriteLock;
            import java.util.concurrent.locks.ReentrantLock;
            import java.util.concurrent.locks.ReentrantReadWriteLock;
            import java.util.concurrent.locks.StampedLock;

            public class Shapes {
                public static class MyLock extends ReentrantLock {}

                @dev.weft.Suspendable
                public static String all() throws Exception {
                    StringBuilder b = new StringBuilder();
                    Lock lock = new ReentrantLock();
                    ReentrantLock rl = new ReentrantLock();
                    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
                    ReadWriteLock rwi = rw;
                    StampedLock sl = new StampedLock();
                    MyLock mine = new MyLock();
                    lock.lock();
                    lock.unlock();
                    lock.lockInterruptibly();
                    b.append(lock.tryLock()).append(lock.tryLock(1, TimeUnit.MILLISECONDS));
                    lock.unlock();
                    lock.unlock();
                    lock.unlock();
                    rl.lock();
                    rl.lockInterruptibly();
                    b.append(rl.tryLock()).append(rl.tryLock(1, TimeUnit.MILLISECONDS));
                    rl.unlock();
                    rl.unlock();
                    rl.unlock();
                    rl.unlock();
                    rw.readLock().lock();
                    rw.readLock().unlock();
                    rw.writeLock().lock();
                    rw.writeLock().unlock();
                    rwi.readLock().lock();
                    rwi.readLock().unlock();
                    mine.lock();
                    mine.unlock();
                    long optimistic = sl.tryOptimisticRead();
                    long w = sl.writeLock();
                    b.append(sl.validate(optimistic));
                    sl.unlockWrite(w);
                    long r = sl.readLock();
                    long converted = sl.tryConvertToWriteLock(r);
                    long back = sl.tryConvertToOptimisticRead(converted);
                    long read = sl.tryConvertToReadLock(back);
                    sl.unlockRead(read);
                    sl.unlock(sl.tryWriteLock());
                    sl.unlock(sl.tryWriteLock(1, TimeUnit.MILLISECONDS));
                    sl.unlock(sl.tryReadLock());
                    sl.unlock(sl.tryReadLock(1, TimeUnit.MILLISECONDS));
                    sl.unlockWrite(sl.writeLockInterruptibly());
                    sl.unlockRead(sl.readLockInterruptibly());
                    sl.writeLock();
                    b.append(sl.tryUnlockWrite());
                    sl.readLock();
                    b.append(sl.tryUnlockRead()).append(sl.tryUnlockRead());
                    Lock view = sl.asWriteLock();
                    view.lock();
                    view.unlock();
                    try {
                        lock.unlock();
                    } catch (IllegalMonitorStateException e) {
                        b.append(" IMSE");
                    }
                    return b.toString();
                }

                @dev.weft.Suspendable
                public static void parks(Lock lock) {
                    lock.lock();
                    dev.weft.internal.cont.Continuation.park();
                    lock.unlock();
                }

                @dev.weft.Suspendable
                public static void take(Lock lock) {
                    lock.lock();
                }

                @dev.weft.Suspendable
                public static void give(Lock lock) {
                    lock.unlock();
                }

                public static void notSuspendable(Lock lock) {
                    lock.lock();
                    lock.unlock();
                }
            }
            """;

    @TempDir
    Path workDir;

    @Test
    void everyCallShape_isRedirected_andTakingOnesGetTheirSite() {
        ClassNode woven = woven();
        MethodNode all = method(woven, "all");
        List<String> redirected = new ArrayList<>();
        for (AbstractInsnNode insn = all.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (!(insn instanceof MethodInsnNode call)) {
                continue;
            }
            if (call.owner.equals(RUNTIME)) {
                assertEquals(Opcodes.INVOKESTATIC, call.getOpcode());
                redirected.add(call.name + call.desc);
                if (call.desc.endsWith("Ljava/lang/String;)" + call.desc.substring(call.desc.indexOf(')') + 1))) {
                    assertTrue(call.getPrevious() instanceof LdcInsnNode ldc && ldc.cst instanceof String site
                                    && site.matches("locks\\.Shapes\\.all\\(Shapes\\.java:\\d+\\)"),
                            () -> "the site constant before " + call.name + call.desc);
                }
            } else if (call.owner.startsWith("java/util/concurrent/locks/") || call.owner.equals("locks/Shapes$MyLock")) {
                assertTrue(List.of("<init>", "readLock", "writeLock", "tryOptimisticRead", "validate", "asWriteLock")
                        .contains(call.name), () -> "left as it was: " + call.owner + "." + call.name + call.desc);
            }
        }
        String lock = "Ljava/util/concurrent/locks/Lock;";
        String stamped = "Ljava/util/concurrent/locks/StampedLock;";
        String site = "Ljava/lang/String;";
        String timed = "JLjava/util/concurrent/TimeUnit;";
        assertEquals(List.of(
                // Lock, through the interface
                "lock(" + lock + site + ")V", "unlock(" + lock + ")V", "lockInterruptibly(" + lock + site + ")V",
                "tryLock(" + lock + site + ")Z", "tryLock(" + lock + timed + site + ")Z",
                "unlock(" + lock + ")V", "unlock(" + lock + ")V", "unlock(" + lock + ")V",
                // ReentrantLock, virtually
                "lock(" + lock + site + ")V", "lockInterruptibly(" + lock + site + ")V",
                "tryLock(" + lock + site + ")Z", "tryLock(" + lock + timed + site + ")Z",
                "unlock(" + lock + ")V", "unlock(" + lock + ")V", "unlock(" + lock + ")V", "unlock(" + lock + ")V",
                // ReentrantReadWriteLock's ReadLock and WriteLock, then ReadWriteLock's Locks
                "lock(" + lock + site + ")V", "unlock(" + lock + ")V", "lock(" + lock + site + ")V", "unlock(" + lock + ")V",
                "lock(" + lock + site + ")V", "unlock(" + lock + ")V",
                // a subclass of ReentrantLock, known from its class bytes
                "lock(" + lock + site + ")V", "unlock(" + lock + ")V",
                // StampedLock
                "writeLock(" + stamped + site + ")J", "unlockWrite(" + stamped + "J)V",
                "readLock(" + stamped + site + ")J", "tryConvertToWriteLock(" + stamped + "J" + site + ")J",
                "tryConvertToOptimisticRead(" + stamped + "J)J", "tryConvertToReadLock(" + stamped + "J" + site + ")J",
                "unlockRead(" + stamped + "J)V",
                "tryWriteLock(" + stamped + site + ")J", "unlock(" + stamped + "J)V",
                "tryWriteLock(" + stamped + timed + site + ")J", "unlock(" + stamped + "J)V",
                "tryReadLock(" + stamped + site + ")J", "unlock(" + stamped + "J)V",
                "tryReadLock(" + stamped + timed + site + ")J", "unlock(" + stamped + "J)V",
                "writeLockInterruptibly(" + stamped + site + ")J", "unlockWrite(" + stamped + "J)V",
                "readLockInterruptibly(" + stamped + site + ")J", "unlockRead(" + stamped + "J)V",
                "writeLock(" + stamped + site + ")J", "tryUnlockWrite(" + stamped + ")Z",
                "readLock(" + stamped + site + ")J", "tryUnlockRead(" + stamped + ")Z", "tryUnlockRead(" + stamped + ")Z",
                // a StampedLock's view, through Lock
                "lock(" + lock + site + ")V", "unlock(" + lock + ")V",
                "unlock(" + lock + ")V"), redirected);
    }

    @Test
    void theSite_namesTheLineOfTheCall() {
        MethodNode parks = method(woven(), "parks");
        List<String> sites = new ArrayList<>();
        for (AbstractInsnNode insn = parks.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
                sites.add(s);
            }
        }
        List<String> lines = SHAPES.lines().toList();
        int line = lines.subList(0, lines.indexOf("    public static void parks(Lock lock) {")).size()
                + lines.subList(lines.indexOf("    public static void parks(Lock lock) {"), lines.size()).indexOf("        lock.lock();") + 1;
        assertEquals(List.of("locks.Shapes.parks(Shapes.java:" + line + ")"), sites);
    }

    @Test
    void helpersWithNothingElseToRewrite_keepTheRedirection_butAreNotStateMachines() {
        ClassNode woven = woven();
        assertTrue(calls(method(woven, "take"), RUNTIME, "lock"), "take's lock is redirected");
        assertTrue(calls(method(woven, "give"), RUNTIME, "unlock"), "give's unlock is redirected");
        List<?> rewritten = marker(woven);
        assertTrue(rewritten.contains("parks(Ljava/util/concurrent/locks/Lock;)V"), "parks is a state machine: " + rewritten);
        assertFalse(rewritten.stream().anyMatch(m -> ((String) m).startsWith("take") || ((String) m).startsWith("give")),
                "take and give have no suspension point: " + rewritten);
    }

    @Test
    void aMethodThatIsNotSuspendable_isLeftAsItWas() {
        MethodNode plain = method(woven(), "notSuspendable");
        assertFalse(calls(plain, RUNTIME, "lock") || calls(plain, RUNTIME, "unlock"));
        assertTrue(calls(plain, "java/util/concurrent/locks/Lock", "lock"));
    }

    @Test
    void wovenCode_onAPlainThread_doesWhatItDidBefore() throws Exception {
        Map<String, byte[]> classes = SourceCompiler.compile(workDir, "locks.Shapes", SHAPES);
        Object before = new Loader(classes).loadClass("locks.Shapes").getMethod("all").invoke(null);
        Object after = new Loader(wovenClasses(classes)).loadClass("locks.Shapes").getMethod("all").invoke(null);
        assertEquals("truetruetruetruefalsetruetruefalse IMSE", before, "the scenario itself");
        assertEquals(before, after);
    }

    @Test
    void wovenHelpers_inAContinuation_noteTheLockUntilReleased() throws Exception {
        Class<?> shapes = new Loader(wovenClasses(SourceCompiler.compile(workDir, "locks.Shapes", SHAPES))).loadClass("locks.Shapes");
        Method take = shapes.getMethod("take", Lock.class);
        Method give = shapes.getMethod("give", Lock.class);
        ReentrantLock lock = new ReentrantLock();
        List<Boolean> held = new ArrayList<>();
        new Continuation(() -> {
            held.add(Continuation.holdsLocks());
            take.invoke(null, lock);
            held.add(Continuation.holdsLocks());
            give.invoke(null, lock);
            held.add(Continuation.holdsLocks());
        }).run();
        assertEquals(List.of(false, true, false), held);
        assertFalse(lock.isLocked());
    }

    private static boolean calls(MethodNode m, String owner, String name) {
        for (AbstractInsnNode insn = m.instructions.getFirst(); insn != null; insn = insn.getNext()) {
            if (insn instanceof MethodInsnNode call && call.owner.equals(owner) && call.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<?> marker(ClassNode cn) {
        for (AnnotationNode a : cn.visibleAnnotations) {
            if (a.desc.equals("Ldev/weft/internal/cont/Woven;")) {
                return (List<?>) a.values.get(a.values.indexOf("value") + 1);
            }
        }
        throw new AssertionError("no @Woven marker");
    }

    private static MethodNode method(ClassNode cn, String name) {
        return cn.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    private ClassNode woven() {
        Map<String, byte[]> classes = wovenClasses(SourceCompiler.compile(workDir, "locks.Shapes", SHAPES));
        ClassNode cn = new ClassNode();
        new ClassReader(classes.get("locks/Shapes")).accept(cn, 0);
        return cn;
    }

    /** {@code classes} with locks.Shapes woven and verified (by ASM and by this JVM). */
    private static Map<String, byte[]> wovenClasses(Map<String, byte[]> classes) {
        ClassSource fromTestLoader = ClassSource.of(JucLocksWeaveTest.class.getClassLoader());
        // The compiled classes first: whether MyLock is a Lock is read from its bytes.
        ClassSource source = name -> classes.containsKey(name) ? classes.get(name) : fromTestLoader.classBytes(name);
        Weaver weaver = new Weaver(source, WeaveOptions.DEFAULT);
        Map<String, byte[]> out = new HashMap<>(classes);
        WeaveResult r = weaver.weave(classes.get("locks/Shapes"));
        assertNotNull(r.bytes(), "woven: " + r.warnings());
        assertTrue(r.warnings().isEmpty(), () -> "warnings: " + r.warnings());
        assertTrue(weaver.verify(r.bytes()).isEmpty(), () -> "verifies: " + weaver.verify(r.bytes()));
        out.put("locks/Shapes", r.bytes());
        String linked = new HotSpotVerifier(JucLocksWeaveTest.class.getClassLoader(), out).link("locks/Shapes");
        assertEquals(null, linked, "the JVM's verifier");
        return out;
    }

    /** Defines the given classes, by internal name, and takes everything else from the test's loader. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes) {
            super(JucLocksWeaveTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name.replace('.', '/'));
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }
}
