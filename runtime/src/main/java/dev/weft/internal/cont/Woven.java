package dev.weft.internal.cont;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The marker on every class weft has woven: weaving it again is a no-op, and a pinned park
 * uses it to tell which frames were rewritten.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Woven {
    /** Name and descriptor ({@code name + desc}) of every rewritten method of the class. */
    String[] value();
}
