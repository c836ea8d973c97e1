package dev.weft.internal.cont;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The marker on every class weft has woven: weaving it again is a no-op, a pinned park uses it
 * to tell which frames were rewritten, and a goroutine dump uses it to name saved frames.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Woven {
    /**
     * Name and descriptor ({@code name + desc}) of every rewritten method of the class; a
     * method's index here is its method id in the records it saves (FrameStack).
     */
    String[] value();

    /**
     * For each method of {@link #value}, the source line of each suspension point, by resume
     * index, comma-separated ({@code -1} where the class has no line numbers): what a dump of a
     * parked goroutine prints for its saved frames.
     */
    String[] lines() default {};
}
