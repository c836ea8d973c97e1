package dev.weft.agent;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point: parses the options, mirrors them as {@code weft.*}
 * system properties, starts the flight recording if asked, and registers the one transformer.
 * Everything that decides or rewrites lives elsewhere: the filter and the error handling in
 * {@link WeftTransformer}, the rewrite in the instrumenter's {@code Weaver}.
 *
 * <p>Started three ways, all the same here:
 * <ul>
 *   <li>{@code java -javaagent:weft-agent.jar[=options]}: {@link #premain}, before the main
 *       class loads, so every application class is woven as it loads.
 *   <li>{@code Launcher-Agent-Class} in an executable jar's manifest: {@link #agentmain} with
 *       {@code ""}, also before the main class loads.
 *   <li>Attached to a running JVM ({@code Agent-Class}): {@link #agentmain}. Classes already
 *       loaded stay as they are (a rewrite adds members, which redefinition cannot), and JDK 21
 *       and later print a warning about dynamically loaded agents. Prefer {@code -javaagent}.
 * </ul>
 *
 * <p>A bad option throws out of {@code premain}, which stops the JVM before {@code main}: a
 * misspelt option must not silently run the program unwoven or without race detection.
 */
public final class WeftAgent {
    private WeftAgent() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static void start(String args, Instrumentation inst) {
        AgentOptions options = AgentOptions.parse(args);
        options.systemProperties().forEach(System::setProperty);
        if (options.jfr() != null) {
            JfrRecording.start(options.jfr());
        }
        inst.addTransformer(new WeftTransformer(options), false);
        if (options.verbose()) {
            System.err.println("weft: agent " + version() + " started"
                    + (options.toString().isEmpty() ? "" : " with " + options));
        }
    }

    private static String version() {
        String v = WeftAgent.class.getPackage().getImplementationVersion();
        return v == null ? "(unknown version)" : v;
    }
}
