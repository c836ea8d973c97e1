package dev.weft.instrument.internal.race;

import dev.weft.instrument.WeaveResult;
import dev.weft.instrument.internal.MethodRefBridges;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Race mode's rewrite of one class ({@link AccessInstrumenter} on each method with code). A
 * method it cannot rewrite is left as it was, with a warning; a class it cannot read comes back
 * unchanged. Only an {@link OutOfMemoryError} goes through.
 */
public final class RaceClassPass {
    /** Where sites are registered: the runtime's {@code Sites.register}. */
    @FunctionalInterface
    public interface Sites {
        int register(String className, String method, String file, int line, String owner, String field);
    }

    private final FieldFacts fields;
    private final Sites sites;

    public RaceClassPass(FieldFacts fields, Sites sites) {
        this.fields = fields;
        this.sites = sites;
    }

    public WeaveResult instrument(byte[] bytes) {
        List<String> warnings = new ArrayList<>();
        ClassNode cn = new ClassNode();
        try {
            new ClassReader(bytes).accept(cn, 0);
        } catch (RuntimeException | Error e) {
            warnings.add("race mode cannot read a class file (" + e + "); left as it was");
            return new WeaveResult(null, null, 0, warnings);
        }
        if ((cn.access & Opcodes.ACC_MODULE) != 0 || cn.name == null || AccessInstrumenter.skippedOwner(cn.name)) {
            return new WeaveResult(cn.name, null, 0, warnings);
        }
        String className = cn.name.replace('/', '.');
        try {
            fields.define(cn);
            int changed = MethodRefBridges.convert(cn, "lambda$weft$race$", (fi, name, sam, impl) ->
                    CallRules.of(opcode(impl), impl.getOwner(), impl.getName(), impl.getDesc()) != null);
            for (int i = 0; i < cn.methods.size(); i++) {
                MethodNode m = cn.methods.get(i);
                if (m.instructions.size() == 0) {
                    continue;
                }
                MethodNode copy = copy(m);
                try {
                    AccessInstrumenter.SiteSink sink = (method, line, owner, field) ->
                            sites.register(className, method, cn.sourceFile, line, owner, field);
                    if (new AccessInstrumenter(cn, copy, fields, sink).instrument() > 0) {
                        cn.methods.set(i, copy);
                        changed++;
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    warnings.add("race mode cannot instrument " + className + "." + m.name + m.desc + " (" + e
                            + "); left as it was, its accesses unchecked");
                }
            }
            if (changed == 0) {
                return new WeaveResult(cn.name, null, 0, warnings);
            }
            ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
            cn.accept(cw);
            return new WeaveResult(cn.name, cw.toByteArray(), 0, warnings);
        } catch (RuntimeException | StackOverflowError e) {
            warnings.add("race mode cannot instrument " + className + " (" + e + "); left as it was");
            return new WeaveResult(cn.name, null, 0, warnings);
        }
    }

    private static int opcode(Handle h) {
        switch (h.getTag()) {
            case Opcodes.H_INVOKESTATIC: return Opcodes.INVOKESTATIC;
            case Opcodes.H_INVOKEINTERFACE: return Opcodes.INVOKEINTERFACE;
            case Opcodes.H_INVOKESPECIAL: return Opcodes.INVOKESPECIAL;
            default: return Opcodes.INVOKEVIRTUAL;
        }
    }

    private static MethodNode copy(MethodNode m) {
        MethodNode c = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, m.signature,
                m.exceptions == null ? null : m.exceptions.toArray(new String[0]));
        m.accept(c);
        return c;
    }
}
