package dev.weft.instrument.internal;

import dev.weft.instrument.ClassSource;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes as the weaver sees them: read from their bytes through a {@link ClassSource}, never
 * loaded, and cached. A class that cannot be found or parsed is remembered as absent.
 *
 * <p>Thread-safe: a transformer may weave classes on several threads at once; two threads
 * racing to read the same class both parse it and one result wins, which is harmless.
 */
public final class ClassHierarchy {
    private static final ClassInfo ABSENT = new ClassInfo("", 0, null, List.of(), Map.of());

    private final ClassSource source;
    private final Map<String, ClassInfo> cache = new ConcurrentHashMap<>();

    public ClassHierarchy(ClassSource source) {
        this.source = source;
    }

    /** The class, or null if its bytes cannot be found or read. */
    ClassInfo get(String internalName) {
        ClassInfo info = cache.get(internalName);
        if (info == null) {
            info = read(internalName);
            cache.put(internalName, info);
        }
        return info == ABSENT ? null : info;
    }

    /** Makes the hierarchy see {@code bytes} as the class being woven, whatever the source holds. */
    ClassInfo define(byte[] bytes) {
        ClassInfo info = parse(new ClassReader(bytes));
        cache.put(info.name(), info);
        return info;
    }

    private ClassInfo read(String internalName) {
        try {
            byte[] bytes = source.classBytes(internalName);
            return bytes == null ? ABSENT : parse(new ClassReader(bytes));
        } catch (RuntimeException e) {
            return ABSENT;
        }
    }

    private static ClassInfo parse(ClassReader reader) {
        Map<String, ClassInfo.MethodInfo> methods = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                String key = name + desc;
                boolean bridge = (access & Opcodes.ACC_BRIDGE) != 0;
                methods.put(key, new ClassInfo.MethodInfo(access, false, null));
                return new MethodVisitor(Opcodes.ASM9) {
                    boolean annotated;
                    String target;

                    @Override
                    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                        annotated |= Names.SUSPENDABLE.equals(descriptor);
                        return null;
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDesc, boolean itf) {
                        if (bridge && owner.equals(reader.getClassName()) && !mName.equals("<init>")) {
                            target = mName + mDesc;
                        }
                    }

                    @Override
                    public void visitEnd() {
                        methods.put(key, new ClassInfo.MethodInfo(access, annotated, target));
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassInfo(reader.getClassName(), reader.getAccess(), reader.getSuperName(),
                List.of(reader.getInterfaces()), methods);
    }

    /** The superclass chain of {@code name}, itself first; stops where a class is unknown. */
    List<String> superclasses(String name) {
        List<String> chain = new ArrayList<>();
        for (String c = name; c != null; ) {
            chain.add(c);
            ClassInfo info = get(c);
            c = info == null ? null : info.superName();
        }
        return chain;
    }

    /** True if {@code sub} is {@code sup} or a subtype of it (interfaces included). */
    boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals("java/lang/Object")) {
            return true;
        }
        ClassInfo info = get(sub);
        if (info == null) {
            return false;
        }
        if (info.superName() != null && isSubtype(info.superName(), sup)) {
            return true;
        }
        for (String i : info.interfaces()) {
            if (isSubtype(i, sup)) {
                return true;
            }
        }
        return false;
    }

    /** The most specific common superclass, as ASM's {@code getCommonSuperClass} must answer. */
    String commonSuperClass(String a, String b) {
        ClassInfo ia = get(a);
        ClassInfo ib = get(b);
        if (ia == null || ib == null) {
            throw new TypeNotFoundException(ia == null ? a : b);
        }
        if (ia.isInterface() || ib.isInterface()) {
            return isSubtype(b, a) ? a : isSubtype(a, b) ? b : "java/lang/Object";
        }
        List<String> chainA = superclasses(a);
        for (String c : superclasses(b)) {
            if (chainA.contains(c)) {
                return c;
            }
        }
        return "java/lang/Object";
    }

    /** A class needed to compute stack map frames is not visible to the weaver. */
    static final class TypeNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TypeNotFoundException(String type) {
            super("class " + type.replace('/', '.') + " is not visible to the weaver (needed to compute stack map frames)");
        }
    }
}
