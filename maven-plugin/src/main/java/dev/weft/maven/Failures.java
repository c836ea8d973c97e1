package dev.weft.maven;

import dev.weft.instrument.WeaveDirectory.Kind;
import dev.weft.instrument.WeaveDirectory.Problem;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns the weaver's problems into warnings or, where the build must stop, one failure saying what to do. */
final class Failures {
    private Failures() {}

    static void check(List<Problem> problems, boolean strict, Log log) throws MojoFailureException {
        StringBuilder failure = new StringBuilder();
        Set<Path> failed = new LinkedHashSet<>();
        for (Problem p : problems) {
            if (strict || p.kind() == Kind.VERIFY_FAILED) {
                failed.add(p.file());
                failure.append("\n  ").append(p).append("\n    ").append(advice(p.kind()));
            } else {
                log.warn("weft: " + p);
            }
        }
        if (!failed.isEmpty()) {
            throw new MojoFailureException("weft: could not weave " + failed.size()
                    + (failed.size() == 1 ? " class" : " classes") + (strict ? " as strict mode requires" : "") + ":" + failure);
        }
    }

    /** What the user can do about a problem of this kind. */
    static String advice(Kind kind) {
        return switch (kind) {
            case NOT_REWRITTEN -> "Restructure that method (for example, compute the suspendable call's result into a"
                    + " local variable before the `new` or `switch` that holds it), or set <strict>false</strict>"
                    + " (-Dweft.strict=false) to build anyway: the method is then left as it was, and a goroutine"
                    + " that parks below it pins its carrier thread.";
            case UNREADABLE -> "This is not a class file the weaver can parse: delete it or rebuild with `mvn clean`;"
                    + " if a tool wrote it on purpose, set <strict>false</strict> to leave it unwoven.";
            case VERIFY_FAILED -> "The woven class would not pass the JVM's verifier. This is a weft bug: please report"
                    + " it with the original class file.";
        };
    }
}
