package dev.weft.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails a test that leaves goroutines running, as Uber's goleak ({@code goleak.VerifyNone}) does
 * for Go, and prints the goroutine dump when a test times out: registers
 * {@link GoroutineLeakExtension} with these settings.
 *
 * <p>On a test class (inherited by subclasses and {@code @Nested} classes) it checks each test,
 * and the class as a whole after its {@code @AfterAll} methods (goleak's
 * {@code VerifyTestMain}); on a test method, that test alone. A test fails when a goroutine
 * started during it, from its {@code @BeforeEach} to its {@code @AfterEach} methods, is still
 * alive {@link #graceMillis} after it ended; the message shows each such goroutine's dump entry:
 * its wait reason, stack and {@code created by} site.
 *
 * <p>Where both a method and its class carry the annotation, the method's settings apply to it.
 * The settings' defaults are this annotation's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoroutineLeakExtension.class)
public @interface VerifyNoLeaks {
    /**
     * Goroutines to tolerate by their innermost function, {@code pkg.Class.method} as a dump
     * names it (a nested class with {@code $}): goleak's {@code IgnoreTopFunction}. A goroutine
     * waiting in one of weft's operations ({@code Chan.recv}, {@code Select.select},
     * {@code Go.sleep}...) also matches by the function that called that operation, as goleak
     * matches the Go function blocked in {@code <-ch}.
     */
    String[] ignoreTopFunction() default {};

    /** Goroutines to tolerate by any function of their stack: goleak's {@code IgnoreAnyFunction}. */
    String[] ignoreAnyFunction() default {};

    /**
     * Whether goroutines already alive when the check began are tolerated (goleak's
     * {@code IgnoreCurrent}). With {@code false}, every goroutine alive after the test counts,
     * whoever started it, except those an earlier check of the class failed for already.
     */
    boolean ignoreCurrent() default true;

    /**
     * How long to wait, in milliseconds, for goroutines to end after the test before they
     * count as leaked: the check polls, with backoff, until they are gone or this has passed.
     */
    long graceMillis() default 1000;
}
