package dev.weft.instrument.internal;

import dev.weft.instrument.WeaveResult;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weaves one class: finds the methods to rewrite (suspendable ones and the bodies of lambdas
 * whose functional-interface method is suspendable), rewrites each with
 * {@link MethodRewriter}, and marks the class {@code @Woven} with the rewritten methods' names.
 * Constructors, static initializers, bridges (pure forwarders) and abstract or native methods
 * are never rewritten.
 */
public final class ClassWeaver {
    private final Suspendables rules;

    public ClassWeaver(Suspendables rules) {
        this.rules = rules;
    }

    public WeaveResult weave(byte[] bytes) {
        List<String> warnings = new ArrayList<>();
        ClassNode cn = new ClassNode();
        try {
            new ClassReader(bytes).accept(cn, 0);
        } catch (RuntimeException e) {
            warnings.add("cannot read class file (" + describe(e) + "); left as it was");
            return new WeaveResult(cn.name, null, 0, warnings);
        }
        String className = cn.name.replace('/', '.');
        if (isWoven(cn)) {
            return new WeaveResult(cn.name, null, 0, warnings);
        }
        try {
            rules.hierarchy().define(bytes);
            Map<String, String> lambdas = rules.lambdaBodies(cn);
            List<String> rewritten = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < cn.methods.size(); i++) {
                MethodNode m = cn.methods.get(i);
                String key = m.name + m.desc;
                if (!candidate(cn, m, lambdas.containsKey(key))) {
                    continue;
                }
                MethodNode copy = copy(m);
                try {
                    MethodRewriter rewriter = new MethodRewriter(cn, copy, rules, lambdas.get(key));
                    if (rewriter.rewrite()) {
                        cn.methods.set(i, FrameComputer.compute(cn, copy, rules.hierarchy()));
                        rewritten.add(key);
                        lines.add(rewriter.siteLines().stream().map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(",")));
                    }
                } catch (Refusal r) {
                    warnings.add("cannot rewrite " + className + "." + m.name + m.desc + ": " + r.getMessage()
                            + "; left as it was (a park below it pins its carrier)");
                }
            }
            if (rewritten.isEmpty()) {
                return new WeaveResult(cn.name, null, 0, warnings);
            }
            AnnotationNode marker = new AnnotationNode(Names.WOVEN);
            marker.values = List.of("value", rewritten, "lines", lines);
            if (cn.visibleAnnotations == null) {
                cn.visibleAnnotations = new ArrayList<>();
            }
            cn.visibleAnnotations.add(marker);
            ClassWriter cw = new ClassWriter(0);
            cn.accept(cw);
            return new WeaveResult(cn.name, cw.toByteArray(), rewritten.size(), warnings);
        } catch (RuntimeException e) {
            warnings.add("cannot weave " + className + " (" + describe(e) + "); left as it was");
            return new WeaveResult(cn.name, null, 0, warnings);
        }
    }

    private boolean candidate(ClassNode cn, MethodNode m, boolean lambdaBody) {
        if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0
                || m.name.startsWith("<") || m.instructions.size() == 0) {
            return false;
        }
        return lambdaBody || rules.isSuspendable(cn.name, m.name, m.desc);
    }

    private static boolean isWoven(ClassNode cn) {
        if (cn.visibleAnnotations != null) {
            for (AnnotationNode a : cn.visibleAnnotations) {
                if (Names.WOVEN.equals(a.desc)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static MethodNode copy(MethodNode m) {
        MethodNode copy = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions.toArray(new String[0]));
        m.accept(copy);
        return copy;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
