package dev.weft.instrument.internal;

import java.util.List;
import java.util.Map;

/**
 * What the weaver knows of a class without loading it: its place in the hierarchy and its
 * methods, keyed by {@code name + desc}.
 */
record ClassInfo(String name, int access, String superName, List<String> interfaces,
                 Map<String, MethodInfo> methods) {

    boolean isInterface() {
        return (access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
    }

    /**
     * @param bridgeTarget for a bridge method, the {@code name + desc} of the method of the same
     *                     class it forwards to; otherwise null
     */
    record MethodInfo(int access, boolean annotated, String bridgeTarget) {
        boolean isAbstract() {
            return (access & org.objectweb.asm.Opcodes.ACC_ABSTRACT) != 0;
        }
    }
}
