package dev.weft.agent.dump;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.UUID;

/**
 * {@code java -jar weft-agent.jar dump PID}: prints the goroutine dump of a running JVM, in
 * {@code Go.dump()}'s format, as Go's SIGQUIT prints a program's. It loads this same agent jar
 * into the target ({@link AgentAttach}) with a request that names a reply file; the target's
 * half ({@link DumpAgent}) writes the dump there and returns; this prints the file on stdout and
 * deletes it. No port is opened, in either JVM.
 *
 * <p>It works on a JVM that runs weft under {@code -javaagent}, and on one that runs classes
 * woven at build time with {@code weft-runtime.jar} on its class path and no agent: the jar
 * loaded for the dump only answers, and finds the program's own runtime (see
 * {@link DumpAgent}). On JDK 21 and later the target prints the JDK's warning about an agent
 * loaded at run time on its stderr, unless started with {@code -XX:+EnableDynamicAgentLoading}
 * (see {@link AgentAttach}).
 *
 * <p>Exit status: 0 with the dump on stdout; 1 when there is no dump (no such process, not a JVM
 * that allows attach, a JVM without weft, another user's), 2 for a usage error: each failure
 * one line on stderr, never a stack trace. The reply file is written under
 * {@code java.io.tmpdir}, which the target's user must be able to write.
 */
public final class DumpCommand {
    static final String USAGE = "usage: java -jar weft-agent.jar dump PID";
    private static final String PREFIX = "weft dump: ";

    private DumpCommand() {}

    /** Runs {@code dump} with the arguments after it; answers the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println(PREFIX + "expected one process id (" + USAGE + ")");
            return 2;
        }
        long pid = processId(args[0]);
        if (pid <= 0) {
            err.println(PREFIX + "\"" + args[0] + "\" is not a process id (" + USAGE + ")");
            return 2;
        }
        if (pid == ProcessHandle.current().pid()) {
            err.println(PREFIX + pid + " is this command's own JVM: give the process id of the program to dump");
            return 2;
        }
        Path jar = agentJar();
        if (jar == null) {
            err.println(PREFIX + "run from the weft agent jar (" + USAGE + "), which it loads into the target");
            return 2;
        }
        Path reply = Path.of(System.getProperty("java.io.tmpdir"), "weft-dump-" + pid + "-" + UUID.randomUUID() + ".txt")
                .toAbsolutePath();
        try {
            String failure = AgentAttach.load(pid, jar, DumpAgent.REQUEST + reply);
            if (failure != null) {
                err.println(PREFIX + failure);
                return 1;
            }
            return printReply(pid, reply, out, err);
        } catch (NoClassDefFoundError e) {
            err.println(PREFIX + "this Java has no attach API (module jdk.attach): run dump with a JDK's java, not a JRE's");
            return 1;
        } finally {
            try {
                Files.deleteIfExists(reply);
            } catch (IOException e) {
                // the target's user owns it and this one may not delete it: a file in the temporary directory
            }
        }
    }

    private static long processId(String arg) {
        try {
            return Long.parseLong(arg);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The jar this class was loaded from, or null when it was not loaded from a jar. */
    private static Path agentJar() {
        CodeSource source = DumpCommand.class.getProtectionDomain().getCodeSource();
        try {
            Path p = source == null ? null : Path.of(source.getLocation().toURI());
            return p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Prints what the target wrote: the dump on {@code out}, or its one line of refusal on {@code err}. */
    private static int printReply(long pid, Path reply, PrintStream out, PrintStream err) {
        String text;
        try {
            text = Files.readString(reply, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(PREFIX + "JVM " + pid + " wrote no dump to " + reply + " (can the user it runs as write there? "
                    + "-Djava.io.tmpdir=DIR chooses another directory)");
            return 1;
        }
        int eol = text.indexOf('\n');
        String status = eol < 0 ? text : text.substring(0, eol);
        String body = eol < 0 ? "" : text.substring(eol + 1);
        if (status.equals(DumpAgent.OK)) {
            out.print(body);
            out.flush();
            return 0;
        }
        err.println(PREFIX + (status.equals(DumpAgent.ERROR) ? body.strip() : "JVM " + pid + " wrote an unreadable reply"));
        return 1;
    }
}
