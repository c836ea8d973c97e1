package dev.weft.agent;

import dev.weft.agent.dump.DumpAgent;
import dev.weft.internal.race.Reports;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

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
 * <p>A bad option stops the JVM before {@code main}, since a misspelt option must not silently
 * run the program unwoven or without race detection: under {@code -javaagent}, the agent prints
 * what is wrong (one line, and a second listing what is valid) and halts with status
 * {@value #EXIT_BAD_OPTION}, the conventional status of a usage error. It halts rather than
 * throws: an exception out of {@code premain} makes the JDK print its stack trace, fail a
 * {@code java.lang.instrument} assertion and abort the JVM with a native fatal error (SIGABRT,
 * status 134, perhaps a core file), on JDK 17 and 25 alike. It halts rather than exits because
 * no application code has run, so there is nothing for shutdown hooks to do. Attached to a
 * running JVM, the agent throws instead: that program must go on, and the tool that attached
 * the agent reports the failure.
 */
public final class WeftAgent {
    /** The exit status of a JVM stopped by a bad agent option. */
    static final int EXIT_BAD_OPTION = 2;

    private WeftAgent() {}

    public static void premain(String args, Instrumentation inst) {
        AgentOptions options;
        try {
            options = configure(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_BAD_OPTION);
            return;
        }
        register(options, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        if (DumpAgent.isRequest(args)) {
            DumpAgent.answer(args, inst); // java -jar weft-agent.jar dump PID: answered, nothing woven
            return;
        }
        register(configure(args), inst);
    }

    /**
     * Parses and checks the options, mirrors them as system properties and starts the flight
     * recording if asked.
     *
     * @throws IllegalArgumentException for a bad option, with the message to print
     */
    private static AgentOptions configure(String args) {
        AgentOptions options = AgentOptions.parse(args);
        if (options.dump() != null) {
            WeftTransformer.checkDumpDirectory(options.dump());
        }
        for (Map.Entry<String, String> p : options.systemProperties().entrySet()) {
            System.setProperty(p.getKey(), p.getValue());
        }
        if (options.jfr() != null) {
            JfrRecording.start(options.jfr());
        }
        return options;
    }

    private static void register(AgentOptions options, Instrumentation inst) {
        if (options.race()) {
            // Race mode's runtime is ready before the first class is instrumented: its site
            // registry is called while classes are transformed, and its exit hook is in place.
            // It may see the JVM's shutdown hooks, to set exit status 66 only after they ran.
            Reports.count();
            try {
                inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                        Map.of("java.lang", Set.of(WeftAgent.class.getModule())), Set.of(), Map.of());
                Reports.watchShutdownHooks();
            } catch (RuntimeException e) {
                // without it, the status is set without waiting for the other hooks
            }
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
