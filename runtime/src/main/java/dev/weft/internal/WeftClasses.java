package dev.weft.internal;

/**
 * Which classes are weft's own, by binary name ({@code dev.weft.Chan}): the public API
 * package {@code dev.weft} itself (not its subpackages), and the packages {@code dev.weft.internal},
 * {@code dev.weft.instrument} and {@code dev.weft.agent} with theirs. Programs that merely live
 * under {@code dev.weft} (the samples, the benchmarks, tests standing for application code) are
 * not: they are woven, preempted and shown in dumps like any application.
 *
 * <p>The instrumenter answers the same question for internal names ({@code Names.isWeftClass}
 * in {@code dev.weft.instrument.internal}); a test checks that the two agree.
 */
public final class WeftClasses {
    private static final String API = "dev.weft.";
    private static final String[] OWN_PACKAGES = {"dev.weft.internal.", "dev.weft.instrument.", "dev.weft.agent."};

    private WeftClasses() {}

    /** A class of weft's own: its API or its implementation. */
    public static boolean isWeft(String className) {
        if (isApi(className)) {
            return true;
        }
        for (String p : OWN_PACKAGES) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** A class of the public API package {@code dev.weft} (nested classes included). */
    public static boolean isApi(String className) {
        return className.startsWith(API) && className.indexOf('.', API.length()) < 0;
    }
}
