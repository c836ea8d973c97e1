package dev.weft.instrument.internal.race;

import dev.weft.instrument.ClassSource;
import dev.weft.instrument.RaceWeaver;
import dev.weft.instrument.WeaveResult;
import dev.weft.usercode.RaceShapes;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The race pass names the runtime's entry points as strings: every call it emits into
 * {@code dev.weft.internal.race} must be a public static method of the runtime with exactly that
 * descriptor, or instrumented code would fail with a NoSuchMethodError.
 */
class RaceRuntimeNamesTest {
    private static final ClassLoader LOADER = RaceRuntimeNamesTest.class.getClassLoader();

    @Test
    void everyCallTheRacePassEmits_isAPublicStaticMethodOfTheRuntime() throws Exception {
        RaceWeaver race = new RaceWeaver(ClassSource.of(LOADER), (c, m, f, l, o, n) -> 1);
        Set<String> emitted = new TreeSet<>();
        for (Class<?> shapes : new Class<?>[] {RaceShapes.class, RaceShapes.Lock.class}) {
            byte[] bytes;
            try (InputStream in = LOADER.getResourceAsStream(Type.getInternalName(shapes) + ".class")) {
                bytes = in.readAllBytes();
            }
            WeaveResult r = race.weave(bytes);
            assertTrue(r.warnings().isEmpty(), r.warnings()::toString);
            if (r.bytes() == null) {
                continue;
            }
            ClassNode cn = new ClassNode();
            new ClassReader(r.bytes()).accept(cn, 0);
            for (MethodNode m : cn.methods) {
                for (AbstractInsnNode insn : m.instructions) {
                    if (insn instanceof MethodInsnNode mi && mi.owner.startsWith("dev/weft/internal/race/")) {
                        emitted.add(mi.owner + "." + mi.name + mi.desc);
                    }
                }
            }
        }
        assertTrue(emitted.size() >= 20, "the shapes exercise the pass: " + emitted);
        for (String call : emitted) {
            String owner = call.substring(0, call.indexOf('.'));
            String name = call.substring(call.indexOf('.') + 1, call.indexOf('('));
            String desc = call.substring(call.indexOf('('));
            Class<?> c = Class.forName(owner.replace('/', '.'), false, LOADER);
            boolean found = false;
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name) && Type.getMethodDescriptor(method).equals(desc)) {
                    found = Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())
                            && Modifier.isPublic(c.getModifiers());
                }
            }
            if (!found) {
                fail("the race pass calls " + call + ", which the runtime has not as a public static method");
            }
        }
    }
}
