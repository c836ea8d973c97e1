package dev.weft.instrument;

import java.util.List;

/**
 * The outcome of weaving one class.
 *
 * @param className       the class's internal name, or null if the bytes could not be parsed
 * @param bytes           the rewritten class, or null when it is to be left exactly as it was
 * @param rewrittenMethods how many methods became state machines
 * @param warnings        one line per problem, each naming the class or method and the reason;
 *                         a method that could not be rewritten is left as it was
 */
public record WeaveResult(String className, byte[] bytes, int rewrittenMethods, List<String> warnings) {
    public boolean changed() {
        return bytes != null;
    }
}
