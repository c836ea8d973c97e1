package dev.weft.instrument;

import dev.weft.instrument.internal.ClassHierarchy;
import dev.weft.instrument.internal.ClassWeaver;
import dev.weft.instrument.internal.Suspendables;
import dev.weft.instrument.internal.Verification;

import java.util.List;

/**
 * The instrumenter's entry point: turns the suspendable methods of a class into resumable state
 * machines ("How suspension works" in
 * <a href="../../../../../../../docs/architecture.md">docs/architecture.md</a>).
 *
 * <p>{@link #weave} never throws for bad input. A class it cannot read, or one already woven,
 * comes back unchanged ({@code bytes == null}); a method it cannot rewrite is left as it was
 * and named in a warning, and the rest of its class is rewritten. It reads the bytes of other
 * classes through its {@link ClassSource} and never loads a class.
 *
 * <p>Thread-safe: one weaver may serve a class loader's transformations on several threads.
 */
public final class Weaver {
    private final Suspendables rules;

    public Weaver(ClassSource source, WeaveOptions options) {
        this.rules = new Suspendables(new ClassHierarchy(source), options.everySuspendable());
    }

    public WeaveResult weave(byte[] classBytes) {
        return new ClassWeaver(rules).weave(classBytes);
    }

    /**
     * Verifies a class (woven or not) as the JVM's verifier would, resolving types through this
     * weaver's source: ASM's structural check, then its data-flow analyzer on every method.
     *
     * @return one line per problem; empty when the class verifies
     */
    public List<String> verify(byte[] classBytes) {
        return Verification.verify(classBytes, rules.hierarchy());
    }
}
