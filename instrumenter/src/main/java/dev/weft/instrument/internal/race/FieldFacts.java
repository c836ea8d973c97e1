package dev.weft.instrument.internal.race;

import dev.weft.instrument.ClassSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which class declares a field an instruction names, and its modifiers, read from class bytes
 * through a {@link ClassSource} (never by loading a class): a field reference names the class
 * it was compiled against, which may inherit the field. The instrumenter tracks a field only if
 * it can find where it is declared, outside the JDK, and it is not final.
 *
 * <p>Thread-safe: one instance serves a class loader's transformations on several threads.
 */
public final class FieldFacts {
    /** A resolved field: its declaring class (internal name) and its access flags. */
    public record Field(String declaringClass, int access) {
        public boolean isVolatile() {
            return (access & Opcodes.ACC_VOLATILE) != 0;
        }

        public boolean isFinal() {
            return (access & Opcodes.ACC_FINAL) != 0;
        }
    }

    private record ClassFacts(String superName, List<String> interfaces, Map<String, Integer> fields, Set<String> methods) {}

    private static final ClassFacts ABSENT = new ClassFacts(null, List.of(), Map.of(), Set.of());

    private final ClassSource source;
    private final Map<String, ClassFacts> classes = new ConcurrentHashMap<>();

    public FieldFacts(ClassSource source) {
        this.source = source;
    }

    /** Records the class being instrumented, whose bytes its loader may not be able to find. */
    public void define(ClassNode cn) {
        Map<String, Integer> fields = new HashMap<>();
        for (FieldNode f : cn.fields) {
            fields.put(f.name + ":" + f.desc, f.access);
        }
        Set<String> methods = new HashSet<>();
        for (MethodNode m : cn.methods) {
            methods.add(m.name + m.desc);
        }
        classes.put(cn.name, new ClassFacts(cn.superName, cn.interfaces == null ? List.of() : cn.interfaces, fields, methods));
    }

    /**
     * The {@code java.util.concurrent} class that {@code owner.name desc} really calls, when
     * {@code owner} is an application subclass of one (Guava's cache segments extend
     * ReentrantLock and call {@code lock} on themselves) and neither it nor a class between
     * declares the method; else null.
     */
    public String concurrentAncestor(String owner, String name, String desc) {
        String key = name + desc;
        String c = owner;
        for (int depth = 0; c != null && depth < 64; depth++) {
            if (c.startsWith("java/util/concurrent/")) {
                return c;
            }
            if (c.startsWith("java/") || c.startsWith("javax/") || c.startsWith("jdk/") || c.startsWith("sun/")) {
                return null;
            }
            ClassFacts f = facts(c);
            if (f == ABSENT || f.methods.contains(key)) {
                return null;
            }
            c = f.superName;
        }
        return null;
    }

    /** The field {@code owner.name} of type {@code desc}, or null if it cannot be found. */
    public Field resolve(String owner, String name, String desc) {
        return resolve(owner, name + ":" + desc, 0);
    }

    private Field resolve(String owner, String key, int depth) {
        if (owner == null || depth > 64) {
            return null;
        }
        ClassFacts c = facts(owner);
        if (c == ABSENT) {
            return null;
        }
        Integer access = c.fields.get(key);
        if (access != null) {
            return new Field(owner, access);
        }
        for (String i : c.interfaces) {
            Field f = resolve(i, key, depth + 1);
            if (f != null) {
                return f;
            }
        }
        return resolve(c.superName, key, depth + 1);
    }

    private ClassFacts facts(String name) {
        ClassFacts c = classes.get(name);
        if (c == null) {
            c = read(name);
            classes.putIfAbsent(name, c);
        }
        return c;
    }

    private ClassFacts read(String name) {
        byte[] bytes;
        try {
            bytes = source.classBytes(name);
        } catch (RuntimeException e) {
            return ABSENT;
        }
        if (bytes == null) {
            return ABSENT;
        }
        try {
            Map<String, Integer> fields = new HashMap<>();
            Set<String> methods = new HashSet<>();
            List<String> interfaces = new ArrayList<>();
            String[] superName = new String[1];
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visit(int version, int access, String n, String signature, String sup, String[] itfs) {
                    superName[0] = sup;
                    if (itfs != null) {
                        interfaces.addAll(List.of(itfs));
                    }
                }

                @Override
                public FieldVisitor visitField(int access, String n, String desc, String signature, Object value) {
                    fields.put(n + ":" + desc, access);
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String n, String desc, String signature, String[] exceptions) {
                    methods.add(n + desc);
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return new ClassFacts(superName[0], interfaces, fields, methods);
        } catch (RuntimeException e) {
            return ABSENT;
        }
    }
}
