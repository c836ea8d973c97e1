package dev.weft.instrument.internal;

import dev.weft.internal.cont.ClassInit;
import dev.weft.internal.cont.FrameStack;
import dev.weft.internal.cont.Tokens;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The instrumenter names runtime members as strings; each must exist in the runtime as named. */
class ProtocolNamesTest {

    @Test
    void frameStackMembers_existWithTheNamedDescriptors() {
        assertEquals(Names.FRAME_STACK, Type.getInternalName(FrameStack.class));
        assertMethod(FrameStack.class, Names.CURRENT, Names.CURRENT_DESC, true);
        assertMethod(FrameStack.class, Names.ENTER, Names.ENTER_DESC, true);
        assertMethod(FrameStack.class, Names.RESUME_INDEX, Names.RESUME_INDEX_DESC, false);
        assertMethod(FrameStack.class, Names.PUSH_RECORD, Names.PUSH_RECORD_DESC, false);
        assertMethod(FrameStack.class, Names.BAD_RESUME_INDEX, Names.BAD_RESUME_INDEX_DESC, true);
        for (Names.Kind kind : Names.Kind.values()) {
            assertMethod(FrameStack.class, kind.push, kind.pushDesc(), true);
            assertMethod(FrameStack.class, kind.pop, kind.popDesc(), false);
        }
        assertField(FrameStack.class, Names.TOKEN, Names.TOKEN_DESC);
        assertField(FrameStack.class, Names.UNWINDING, "Z");
        assertField(FrameStack.class, Names.RESUMING, "Z");
        assertField(FrameStack.class, Names.PREEMPT, "Z");
        assertField(FrameStack.class, Names.CALLEE, "Ljava/lang/Object;");
    }

    @Test
    void classInitAndMarkers_existAsNamed() {
        assertEquals(Names.CLASS_INIT, Type.getInternalName(ClassInit.class));
        assertMethod(ClassInit.class, Names.CLASS_INIT_ENSURE, Names.CLASS_INIT_ENSURE_DESC, true);
        assertEquals(Names.SUSPENDABLE, Type.getDescriptor(dev.weft.Suspendable.class));
        assertEquals(Names.WOVEN, Type.getDescriptor(dev.weft.internal.cont.Woven.class));
    }

    @Test
    void channelIterators_areTheIteratorsOfChanAndRecvChan() {
        assertEquals(Names.CHAN, Type.getInternalName(dev.weft.Chan.class));
        assertEquals(Names.RECV_CHAN, Type.getInternalName(dev.weft.RecvChan.class));
        assertMethod(dev.weft.Chan.class, Names.CHAN_ITERATOR, "()Ljava/util/Iterator;", false);
        assertMethod(dev.weft.RecvChan.class, Names.CHAN_ITERATOR, "()Ljava/util/Iterator;", false);
    }

    @Test
    void weftsOwnClasses_areTheSameForTheInstrumenterAndTheRuntime() {
        String[] own = {"dev.weft.Chan", "dev.weft.Select$Case", "dev.weft.internal.sched.Scheduler",
            "dev.weft.internal.asm.ClassReader", "dev.weft.instrument.Weaver", "dev.weft.instrument.internal.Names",
            "dev.weft.agent.WeftAgent"};
        String[] notOwn = {"dev.weft.samples.Tour", "dev.weft.benchmarks.workloads.Workloads", "dev.weft.usercode.PreemptionTest",
            "dev.weftish.Foo", "com.acme.Main", "dev.weft.internals.Foo"};
        for (String c : own) {
            assertTrue(dev.weft.internal.WeftClasses.isWeft(c), c + " is weft's own for the runtime");
            assertTrue(Names.isWeftClass(c.replace('.', '/')), c + " is weft's own for the instrumenter");
        }
        for (String c : notOwn) {
            assertTrue(!dev.weft.internal.WeftClasses.isWeft(c), c + " is an application class for the runtime");
            assertTrue(!Names.isWeftClass(c.replace('.', '/')), c + " is an application class for the instrumenter");
        }
    }

    @Test
    void tokens_comeFromTheRuntimesRegistry_soNamesThatHashAlikeStayApart() {
        assertEquals(Names.TOKENS, Type.getInternalName(Tokens.class));
        assertMethod(Tokens.class, Names.TOKENS_OF, Names.TOKENS_OF_DESC, true);
        assertMethod(Tokens.class, Names.TOKENS_BOOTSTRAP, Names.TOKENS_BOOTSTRAP_DESC, true);
        assertEquals("run()V", Names.tokenKey("run", "()V"), "what Continuation arms for its body");
        assertEquals("park()V", Names.tokenKey("park", "()V"), "what Continuation accepts from park's callers");
        String aa = Names.tokenKey("Aa", "()V");
        String bb = Names.tokenKey("BB", "()V");
        assertEquals(aa.hashCode(), bb.hashCode(), "the pair must collide for this test to mean anything");
        assertTrue(Tokens.of(aa) != Tokens.of(bb), "their tokens must differ");
    }

    @Test
    void preemptionCheck_existsAsNamed() throws Exception {
        Class<?> p = Class.forName(Names.PREEMPTION.replace('/', '.'));
        assertMethod(p, Names.PREEMPTION_CHECK, Names.PREEMPTION_CHECK_DESC, true);
    }

    @Test
    void jucLockRedirects_eachHaveTheirRuntimeMethod_andEachIsAMethodOfTheJdksLock() {
        assertEquals(Names.JUC_LOCKS, Type.getInternalName(dev.weft.internal.cont.JucLocks.class));
        assertEquals(Names.JUC_LOCK, Type.getInternalName(java.util.concurrent.locks.Lock.class));
        assertEquals(Names.JUC_STAMPED_LOCK, Type.getInternalName(java.util.concurrent.locks.StampedLock.class));
        checkRedirects(java.util.concurrent.locks.Lock.class, Names.JUC_LOCK, JucLocks.LOCK_METHODS);
        checkRedirects(java.util.concurrent.locks.StampedLock.class, Names.JUC_STAMPED_LOCK, JucLocks.STAMPED_LOCK_METHODS);
    }

    private static void checkRedirects(Class<?> jdk, String receiver, java.util.Map<String, Boolean> methods) {
        for (java.util.Map.Entry<String, Boolean> e : methods.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('('));
            String desc = e.getKey().substring(name.length());
            assertMethod(jdk, name, desc, false);
            assertMethod(dev.weft.internal.cont.JucLocks.class, name, JucLocks.replacementDesc(receiver, desc, e.getValue()), true);
        }
    }

    private static void assertMethod(Class<?> owner, String name, String desc, boolean isStatic) {
        Method found = Arrays.stream(owner.getMethods())
                .filter(m -> m.getName().equals(name) && Type.getMethodDescriptor(m).equals(desc))
                .findFirst().orElseThrow(() -> new AssertionError("no public " + owner.getName() + "." + name + desc));
        assertEquals(isStatic, Modifier.isStatic(found.getModifiers()), name + desc);
    }

    private static void assertField(Class<?> owner, String name, String desc) {
        try {
            Field f = owner.getField(name);
            assertEquals(desc, Type.getDescriptor(f.getType()));
            assertTrue(!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers()), name);
        } catch (NoSuchFieldException e) {
            throw new AssertionError("no public field " + owner.getName() + "." + name);
        }
    }
}
