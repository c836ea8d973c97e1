package dev.weft.agent.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * {@code java -jar weft-agent.jar trace REC.jfr [-o OUT.html]}: reads a flight recording of a
 * weft program (the agent's {@code jfr=PATH} makes one with every weft event on) and writes one
 * self-contained HTML page, in the spirit of {@code go tool trace}: a lane per P, parks by wait
 * reason, goroutine and run queue counts over time, the top blocking sites, pinned parks, the
 * goroutines still alive at the end by creation site and what they wait on, deadlocks and data
 * races. The default output is REC with {@code .jfr} replaced by {@code .html}.
 *
 * <p>Exit status, as {@code WeftCommand} says for every command: 0 the page was written; 1 it
 * could not be (the recording is damaged, the page cannot be written, memory ran out); 2 a usage
 * error (wrong arguments, no such file, a file that is not a flight recording). Every failure is
 * one line on stderr naming the problem and what to do, never a stack trace. The page is written
 * beside its destination and moved there, so a failure leaves no half page.
 */
public final class TraceCommand {
    static final String USAGE = "usage: java -jar weft-agent.jar trace REC.jfr [-o OUT.html]";
    private static final String PREFIX = "weft trace: ";
    /** The first bytes of every chunk of a flight recording. */
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};

    private TraceCommand() {}

    /** Runs the command on the arguments after {@code trace}; answers the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path input = null;
        Path output = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("-h") || arg.equals("--help")) {
                    out.println(USAGE);
                    return 0;
                } else if (arg.equals("-o")) {
                    if (i + 1 == args.length) {
                        return usage(err, "-o needs the path of the page to write");
                    }
                    output = Path.of(args[++i]);
                } else if (arg.startsWith("-")) {
                    return usage(err, "unknown option \"" + arg + "\"");
                } else if (input != null) {
                    return usage(err, "one recording at a time, not " + input + " and " + arg);
                } else {
                    input = Path.of(arg);
                }
            }
        } catch (InvalidPathException e) {
            return usage(err, "not a path: " + e.getMessage());
        }
        if (input == null) {
            return usage(err, "no recording given");
        }
        if (output == null) {
            output = defaultOutput(input);
        }
        String bad = whyNotARecording(input);
        if (bad != null) {
            err.println(PREFIX + bad);
            return 2;
        }
        if (output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            return usage(err, "the page would overwrite the recording " + input + "; name another with -o");
        }
        bad = whyUnwritable(output);
        if (bad != null) {
            err.println(PREFIX + "cannot write " + output + ": " + bad + "; name another place with -o");
            return 2;
        }
        return convert(input, output, out, err);
    }

    private static int convert(Path input, Path output, PrintStream out, PrintStream err) {
        Trace trace;
        try {
            trace = TraceReader.read(input);
        } catch (IOException e) {
            err.println(PREFIX + "cannot read " + input + ": " + reason(e)
                    + "; a recording is complete once the JVM that made it has exited");
            return 1;
        } catch (OutOfMemoryError e) {
            err.println(PREFIX + "ran out of memory reading " + input + "; give it more, as in java -Xmx8g -jar weft-agent.jar trace ...");
            return 1;
        }
        try {
            write(trace, output);
        } catch (IOException e) {
            err.println(PREFIX + "cannot write " + output + ": " + reason(e) + "; name another place with -o");
            return 1;
        }
        out.println(PREFIX + "wrote " + output + " (" + summary(trace) + "); open " + output.toAbsolutePath().toUri()
                + " in a browser");
        return 0;
    }

    private static void write(Trace trace, Path output) throws IOException {
        Path partial = output.resolveSibling("." + output.getFileName() + ".partial");
        try {
            try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                TracePage.write(trace, w);
            }
            try {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Why {@code file} cannot be read as a flight recording, or null if it can be tried. */
    private static String whyNotARecording(Path file) {
        if (!Files.exists(file)) {
            return "no such file: " + file + "; give the path of a flight recording, such as the agent's jfr=PATH option writes";
        }
        if (Files.isDirectory(file)) {
            return file + " is a directory; give the path of a flight recording (a .jfr file) in it";
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MAGIC.length);
        } catch (IOException e) {
            return "cannot read " + file + ": " + reason(e) + "; check its permissions";
        }
        if (!Arrays.equals(head, MAGIC)) {
            return file + " is not a flight recording (a .jfr file); record one with -javaagent:weft-agent.jar=jfr=rec.jfr";
        }
        return null;
    }

    /** Why a page cannot be written at {@code output}, or null if it can be tried. */
    private static String whyUnwritable(Path output) {
        if (Files.isDirectory(output)) {
            return "it is a directory";
        }
        Path dir = output.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return "there is no directory " + dir;
        }
        return null;
    }

    private static Path defaultOutput(Path input) {
        String name = input.getFileName().toString();
        String base = name.endsWith(".jfr") ? name.substring(0, name.length() - ".jfr".length()) : name;
        return input.resolveSibling(base + ".html");
    }

    private static String summary(Trace trace) {
        long alive = trace.leaks().stream().mapToLong(Trace.Leak::count).sum();
        return String.format("%d Ps, %,d goroutines started, %,d still alive at the end, %,d runs, %,d parks",
                trace.procs(), trace.started(), alive, trace.runs().total(), trace.parks().total());
    }

    private static int usage(PrintStream err, String problem) {
        err.println(PREFIX + problem + "; " + USAGE);
        return 2;
    }

    /** What went wrong, in one line: a file system error's own message is only the file's name. */
    private static String reason(IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
                        ? ((FileSystemException) e).getReason()
                        : String.valueOf(e.getMessage());
        return why.replaceAll("\\s*\\R\\s*", " ");
    }
}
