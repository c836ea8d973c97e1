package dev.weft;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that may park the goroutine running it.
 *
 * <p>weft's instrumenter rewrites such a method, every method that overrides or implements
 * one, and every lambda body whose functional-interface method carries it, into a resumable
 * state machine. A call to a suspendable method from a rewritten method is a suspension point:
 * the goroutine can park there without blocking its carrier thread. A park reached through a
 * frame that was not rewritten pins the carrier instead (see "What pins" in
 * <a href="../../../../../../docs/architecture.md">docs/architecture.md</a>).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Suspendable {
}
