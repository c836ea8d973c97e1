package dev.weft.instrument.internal;

import dev.weft.instrument.WeaveResult;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weaves one class: finds the methods to rewrite (suspendable ones and the bodies of lambdas
 * whose functional-interface method is suspendable), rewrites each with
 * {@link MethodRewriter}, and marks the class {@code @Woven} with the rewritten methods' names.
 * Constructors, static initializers, bridges (pure forwarders) and abstract or native methods
 * are never rewritten. In each method it would rewrite, the calls that take and release
 * {@code java.util.concurrent} locks are redirected first ({@link JucLocks}); a method with such
 * calls but nothing else to rewrite keeps just that change (it is not listed in the marker, as
 * it is no state machine), so a lock taken in a small helper still pins its caller's parks.
 *
 * <p>Never throws for bad input: a class it cannot read or weave comes back unchanged with a
 * warning naming it, and a method it cannot rewrite is left as it was with a warning, whatever
 * ASM throws (its analyzer throws {@code AssertionError} on some malformed code). Only an
 * {@link OutOfMemoryError} goes through: it says nothing about the class.
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
            new ClassReader(bytes).accept(new CodeAttributeFilter(cn), 0);
        } catch (RuntimeException | Error e) {
            warnings.add("cannot read class file (" + describe(rethrowIfFatal(e)) + "); left as it was");
            return new WeaveResult(null, null, 0, warnings);
        }
        if (cn.name == null) {
            warnings.add("cannot read class file (its this_class names no class); left as it was");
            return new WeaveResult(null, null, 0, warnings);
        }
        String className = cn.name.replace('/', '.');
        if (isWoven(cn)) {
            return new WeaveResult(cn.name, null, 0, warnings);
        }
        try {
            rules.hierarchy().define(bytes);
            int bridgedRefs = MethodRefBridges.convert(cn, rules);
            Map<String, String> alternatives = rules.lambdaBodies(cn);
            bridgedMethods(cn, alternatives);
            List<String> rewritten = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            boolean locksRedirected = false;
            for (int i = 0; i < cn.methods.size(); i++) {
                MethodNode m = cn.methods.get(i);
                String key = m.name + m.desc;
                if (!candidate(cn, m, alternatives.containsKey(key) && m.name.startsWith("lambda$"))) {
                    continue;
                }
                MethodNode copy = copy(m);
                try {
                    boolean locks = JucLocks.redirect(cn, copy, rules);
                    MethodRewriter rewriter = new MethodRewriter(cn, copy, rules, alternatives.get(key), rewritten.size());
                    if (rewriter.rewrite()) {
                        cn.methods.set(i, FrameComputer.compute(cn, copy, rules.hierarchy()));
                        rewritten.add(key);
                        lines.add(rewriter.siteLines().stream().map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(",")));
                    } else if (locks) {
                        // Not rewritten leaves the copy as it was apart from the redirection,
                        // under which its stack map frames still hold.
                        cn.methods.set(i, copy);
                    }
                    locksRedirected |= locks;
                } catch (Refusal r) {
                    warnings.add("cannot rewrite " + className + "." + m.name + m.desc + ": " + r.getMessage()
                            + "; left as it was (a park below it pins its carrier)");
                } catch (RuntimeException | Error e) {
                    warnings.add("cannot rewrite " + className + "." + m.name + m.desc + " (" + describe(rethrowIfFatal(e))
                            + "); left as it was (a park below it pins its carrier)");
                }
            }
            if (rewritten.isEmpty() && !locksRedirected) {
                // Method references were re-pointed only for rewritten bridges to use: none.
                return new WeaveResult(cn.name, null, 0, warnings);
            }
            if (bridgedRefs > 0 && rewritten.stream().noneMatch(k -> k.startsWith("lambda$weft$"))) {
                warnings.add("method references to suspendable methods in " + className
                        + " were bridged but their bridges not rewritten");
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
        } catch (RuntimeException | Error e) {
            warnings.add("cannot weave " + className + " (" + describe(rethrowIfFatal(e)) + "); left as it was");
            return new WeaveResult(cn.name, null, 0, warnings);
        }
    }

    /**
     * Adds to {@code alternatives} each method a bridge of this class forwards to: callers
     * through the bridge arm for the bridge's name and descriptor.
     */
    private static void bridgedMethods(ClassNode cn, Map<String, String> alternatives) {
        for (MethodNode b : cn.methods) {
            if ((b.access & Opcodes.ACC_BRIDGE) == 0) {
                continue;
            }
            for (AbstractInsnNode insn = b.instructions.getFirst(); insn != null; insn = insn.getNext()) {
                if (insn instanceof MethodInsnNode call && call.owner.equals(cn.name) && !call.name.equals("<init>")) {
                    alternatives.putIfAbsent(call.name + call.desc, b.name + b.desc);
                }
            }
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

    /** Answers {@code e} unless it is an {@link OutOfMemoryError}, which it rethrows. */
    private static Throwable rethrowIfFatal(Throwable e) {
        if (e instanceof OutOfMemoryError oom) {
            throw oom;
        }
        return e;
    }
}
