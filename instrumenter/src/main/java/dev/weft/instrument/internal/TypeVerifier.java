package dev.weft.instrument.internal;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

import java.util.List;

/**
 * ASM's {@link SimpleVerifier}, answering type questions from class bytes instead of loading
 * classes. A class the hierarchy cannot see is assumed compatible: the analysis must not reject
 * valid code for a missing optional dependency, and the JVM's verifier checks the result again.
 */
final class TypeVerifier extends SimpleVerifier {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");

    private final ClassHierarchy hierarchy;

    TypeVerifier(ClassHierarchy hierarchy, Type currentClass, Type superClass, List<Type> interfaces, boolean isInterface) {
        super(Opcodes.ASM9, currentClass, superClass, interfaces, isInterface);
        this.hierarchy = hierarchy;
    }

    @Override
    protected boolean isInterface(Type type) {
        ClassInfo info = hierarchy.get(type.getInternalName());
        return info != null && info.isInterface();
    }

    @Override
    protected Type getSuperClass(Type type) {
        if (type.getSort() == Type.ARRAY) {
            return OBJECT;
        }
        if (type.equals(OBJECT)) {
            return null;
        }
        ClassInfo info = hierarchy.get(type.getInternalName());
        return info == null || info.superName() == null ? OBJECT : Type.getObjectType(info.superName());
    }

    @Override
    protected boolean isAssignableFrom(Type to, Type from) {
        if (to.equals(from) || to.equals(OBJECT)) {
            return true;
        }
        if (from.getSort() == Type.ARRAY) {
            if (to.getSort() == Type.ARRAY) {
                Type toElement = Type.getType(to.getDescriptor().substring(1));
                Type fromElement = Type.getType(from.getDescriptor().substring(1));
                boolean refs = toElement.getSort() >= Type.ARRAY && fromElement.getSort() >= Type.ARRAY;
                return refs ? isAssignableFrom(toElement, fromElement) : toElement.equals(fromElement);
            }
            String name = to.getInternalName();
            return name.equals("java/lang/Cloneable") || name.equals("java/io/Serializable");
        }
        if (to.getSort() == Type.ARRAY) {
            return false;
        }
        ClassInfo target = hierarchy.get(to.getInternalName());
        if (target == null || target.isInterface() || hierarchy.get(from.getInternalName()) == null) {
            // The JVM's verifier, like SimpleVerifier, treats interface types as Object.
            return true;
        }
        return hierarchy.isSubtype(from.getInternalName(), to.getInternalName());
    }

    @Override
    protected Class<?> getClass(Type type) {
        throw new UnsupportedOperationException("the weaver never loads classes: " + type);
    }
}
