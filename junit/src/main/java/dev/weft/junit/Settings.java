package dev.weft.junit;

import dev.weft.internal.WeftClasses;
import dev.weft.internal.sched.Goroutines.Goroutine;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a leak check tolerates and how long it waits: the attributes of {@link VerifyNoLeaks},
 * whose defaults are the defaults here. Immutable; the lists hold no null.
 */
record Settings(List<String> ignoreTopFunction, List<String> ignoreAnyFunction, boolean ignoreCurrent, Duration grace) {
    /** The annotation's defaults, read from a class that carries it bare. */
    static final Settings DEFAULT = of(Defaults.class.getAnnotation(VerifyNoLeaks.class));

    @VerifyNoLeaks
    private static final class Defaults {}

    Settings {
        ignoreTopFunction = List.copyOf(ignoreTopFunction);
        ignoreAnyFunction = List.copyOf(ignoreAnyFunction);
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period of a goroutine leak check is negative: " + grace);
        }
    }

    static Settings of(VerifyNoLeaks a) {
        return new Settings(List.of(a.ignoreTopFunction()), List.of(a.ignoreAnyFunction()), a.ignoreCurrent(),
                Duration.ofMillis(a.graceMillis()));
    }

    Settings ignoringTopFunction(String... functions) {
        return new Settings(concat(ignoreTopFunction, functions), ignoreAnyFunction, ignoreCurrent, grace);
    }

    Settings ignoringAnyFunction(String... functions) {
        return new Settings(ignoreTopFunction, concat(ignoreAnyFunction, functions), ignoreCurrent, grace);
    }

    Settings ignoringCurrent(boolean ignore) {
        return new Settings(ignoreTopFunction, ignoreAnyFunction, ignore, grace);
    }

    Settings withGrace(Duration grace) {
        return new Settings(ignoreTopFunction, ignoreAnyFunction, ignoreCurrent, grace);
    }

    private static List<String> concat(List<String> list, String... more) {
        return Stream.concat(list.stream(), Stream.of(more)).toList();
    }

    /** Whether {@code g} is one of the long-lived goroutines these settings name. */
    boolean ignores(Goroutine g) {
        String top = g.topFunction();
        String caller = callerOfWeft(g);
        // null for a goroutine that has no stack yet, which List.copyOf's lists refuse to look for
        if (top != null && ignoreTopFunction.contains(top) || caller != null && ignoreTopFunction.contains(caller)) {
            return true;
        }
        for (String f : ignoreAnyFunction) {
            if (g.hasFrameIn(f)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The innermost function of {@code g}'s stack outside weft's API package: for a goroutine
     * waiting in a weft operation, the function that called it; null if there is none. A dump's
     * function lines, between its header and {@code created by}, end with {@code (...)}.
     */
    private static String callerOfWeft(Goroutine g) {
        for (String line : g.dump().split("\n")) {
            if (line.startsWith("created by ")) {
                break;
            }
            if (line.endsWith("(...)")) {
                String function = line.substring(0, line.length() - "(...)".length());
                if (!WeftClasses.isApi(function.substring(0, Math.max(0, function.lastIndexOf('.'))))) {
                    return function;
                }
            }
        }
        return null;
    }
}
