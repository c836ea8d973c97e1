package dev.weft.agent;

import dev.weft.agent.dump.DumpCommand;
import dev.weft.agent.trace.TraceCommand;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar weft-agent.jar COMMAND ...}: the agent jar's tools, run standalone (never
 * inside an application). Each command answers its exit status: 0 when it did what was asked,
 * 1 when it could not (the target went away, the recording is broken), 2 for a usage error,
 * always with one line on stderr that says what is wrong and what to do.
 */
public final class WeftCommand {
    private static final String USAGE = "usage: java -jar weft-agent.jar trace REC.jfr [-o OUT.html]\n"
            + "       java -jar weft-agent.jar dump PID";

    private WeftCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "trace":
                return TraceCommand.run(rest, out, err);
            case "dump":
                return DumpCommand.run(rest, out, err);
            case "-h": case "--help": case "help":
                out.println(USAGE);
                return 0;
            default:
                err.println("weft: unknown command \"" + args[0] + "\"\n" + USAGE);
                return 2;
        }
    }
}
