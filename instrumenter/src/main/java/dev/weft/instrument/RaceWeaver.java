package dev.weft.instrument;

import dev.weft.instrument.internal.race.FieldFacts;
import dev.weft.instrument.internal.race.RaceClassPass;

/**
 * Race mode's instrumentation ("Race mode" in
 * <a href="../../../../../../../docs/architecture.md">docs/architecture.md</a>): rewrites the
 * field and array accesses of a class, and its monitors and calls that synchronize, into calls
 * to weft's race runtime. Run before {@link Weaver} on the same bytes, by the agent only.
 *
 * <p>{@link #weave} never throws for bad input and never loads a class: it reads the bytes of
 * the classes whose fields it must know about (which class declares a field, whether it is
 * volatile or final) through its {@link ClassSource}. Thread-safe.
 */
public final class RaceWeaver {
    /** Numbers the code sites of accesses for the race runtime (its {@code Sites.register}). */
    @FunctionalInterface
    public interface Sites {
        /**
         * @param className dotted name of the class whose code it is
         * @param file      its source file, or null
         * @param owner     dotted name of the class declaring the field, or null for an array or a call
         * @param field     the field's name, or what the site accesses
         */
        int register(String className, String method, String file, int line, String owner, String field);
    }

    private final RaceClassPass pass;

    public RaceWeaver(ClassSource source, Sites sites) {
        this.pass = new RaceClassPass(new FieldFacts(source), sites::register);
    }

    /** The class with its accesses instrumented; {@code bytes == null} if nothing needed to change. */
    public WeaveResult weave(byte[] classBytes) {
        return pass.instrument(classBytes);
    }
}
