package dev.weft.gradle;

/**
 * The {@code weft { }} block:
 *
 * <pre>
 * weft {
 *     strict = true    // a method the weaver cannot rewrite fails the build (default: a warning)
 *     verbose = true   // print each woven class (default: one line per compile task)
 * }
 * </pre>
 *
 * Both are inputs of every compile task the plugin weaves, so changing one recompiles and
 * reweaves. Plain fields rather than Gradle's lazy properties: Gradle 4.4 has none.
 */
public class WeftExtension {
    private boolean strict;
    private boolean verbose;

    public boolean isStrict() {
        return strict;
    }

    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    public boolean isVerbose() {
        return verbose;
    }

    public void setVerbose(boolean verbose) {
        this.verbose = verbose;
    }
}
