package dev.weft.internal.cont;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arm tokens: one int per distinct method name and descriptor ({@code name + desc}), assigned in
 * this JVM the first time it is asked for, so two different names never share a token (a hash
 * would: {@code "Aa"} and {@code "BB"} hash alike). 0 is never a token: it means unarmed.
 *
 * <p>Rewritten code gets its tokens through {@link #bootstrap}, an {@code invokedynamic} whose
 * call site is constant once linked, so after the first execution a token costs what an int
 * constant costs and the arm stays a plain int store (a reference store would pay the
 * collector's write barrier on every suspendable call). Class files too old for
 * {@code invokedynamic} (Java 5 and 6) call {@link #of} each time instead.
 *
 * <p>Thread-safe: tokens are handed out under the map's per-key atomicity; once assigned, a
 * token never changes.
 */
public final class Tokens {
    private static final ConcurrentHashMap<String, Integer> TOKENS = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Tokens() {}

    /** The token of the method {@code key} ({@code name + desc}); never 0. */
    public static int of(String key) {
        Integer t = TOKENS.get(key);
        return t != null ? t : TOKENS.computeIfAbsent(key, k -> NEXT.incrementAndGet());
    }

    /** The bootstrap of a rewritten method's {@code invokedynamic ()I}: a constant, {@code of(key)}. */
    public static CallSite bootstrap(MethodHandles.Lookup caller, String name, MethodType type, String key) {
        return new ConstantCallSite(MethodHandles.constant(int.class, of(key)));
    }
}
