package dev.weft.agent.dump;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Loads an agent jar into a running JVM through the JDK's attach API ({@code jdk.attach}), and
 * says in one line why it could not. Attach talks over a Unix domain socket the target opens
 * on request, owned by the target's user: no network port is opened, and no JMX agent started.
 *
 * <p>The target must come to no harm, and on Linux the attach handshake begins with a SIGQUIT
 * to the target, which a JVM catches but which kills any other process (the JDK 17 client sends
 * it unchecked; JDK 25's checks first, as this class does). So before attaching it checks, from
 * {@code /proc} and the process table, that the process exists, that it runs as this user (only
 * the same user, or root, may attach), that it was not started with
 * {@code -XX:+DisableAttachMechanism} (whose JVM would answer the SIGQUIT with a thread dump on
 * its stdout), and that it catches SIGQUIT at all, unless its attach socket is open already.
 * What attach itself refuses is then turned into a line each: attach disabled (found by the JDK
 * through the JVM's performance data), no answer in time, agents forbidden at run time
 * ({@code -XX:-EnableDynamicAgentLoading}), an agent that failed in the target.
 *
 * <p>JDK 21 and later print a warning on the target's stderr for every agent loaded at run time
 * (JEP 451), four lines starting {@code WARNING: A Java agent has been loaded dynamically}, even
 * when the same jar was loaded at start-up with {@code -javaagent} (checked on Temurin 25).
 * Starting the target with {@code -XX:+EnableDynamicAgentLoading} silences it.
 */
final class AgentAttach {
    /** SIGQUIT's bit in a {@code /proc/PID/status} signal mask: signal 3, bit 2. */
    private static final long SIGQUIT_BIT = 1L << 2;

    private AgentAttach() {}

    /**
     * Loads {@code jar} into JVM {@code pid} with {@code options} and waits for its
     * {@code agentmain} to return; answers null then, else what went wrong.
     */
    static String load(long pid, Path jar, String options) {
        String refusal = refusal(pid);
        if (refusal != null) {
            return refusal;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            return String.valueOf(e.getMessage()).contains("does not support the attach mechanism")
                    ? disabled(pid)
                    : "JVM " + pid + " did not answer the attach request (" + e.getMessage() + "); a JVM started with "
                            + "-XX:+DisableAttachMechanism never does";
        } catch (IOException e) {
            return "cannot attach to process " + pid + ": " + e.getMessage();
        }
        try {
            vm.loadAgent(jar.toString(), options);
            return null;
        } catch (AgentLoadException e) {
            return String.valueOf(e.getMessage()).contains("EnableDynamicAgentLoading")
                    ? "JVM " + pid + " refuses agents at run time (-XX:-EnableDynamicAgentLoading): start it without that "
                            + "flag, or with -XX:+EnableDynamicAgentLoading"
                    : "JVM " + pid + " could not load " + jar + ": " + e.getMessage();
        } catch (AgentInitializationException e) {
            return "the weft agent in JVM " + pid + " failed to take the dump request (is it an older weft's?)";
        } catch (IOException e) {
            return "JVM " + pid + " ended or stopped answering while it loaded the agent: " + e.getMessage();
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // the target is gone; what it answered, if anything, is in the reply file
            }
        }
    }

    /** Why attaching to {@code pid} would fail or harm it, or null if it looks safe. */
    private static String refusal(long pid) {
        Optional<ProcessHandle> target = ProcessHandle.of(pid);
        if (target.isEmpty() || !target.get().isAlive()) {
            return "no process " + pid;
        }
        ProcessHandle.Info info = target.get().info();
        String self = ProcessHandle.current().info().user().orElse(System.getProperty("user.name"));
        String owner = info.user().orElse(self);
        if (!owner.equals(self) && !self.equals("root")) {
            return "process " + pid + " runs as user " + owner + ", and only that user (or root) may attach to it: run dump as "
                    + owner;
        }
        if (info.arguments().map(List::of).orElse(List.of()).contains("-XX:+DisableAttachMechanism")) {
            return disabled(pid);
        }
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (Files.isReadable(status) && !catchesSigquit(status) && !attachSocketOpen(pid, status)) {
            return "process " + pid + " is not a JVM that can be attached to: it does not catch SIGQUIT, which attaching would "
                    + "send it (it is not Java, or runs with -Xrs)";
        }
        return null;
    }

    private static String disabled(long pid) {
        return "JVM " + pid + " does not allow attach: it runs with -XX:+DisableAttachMechanism";
    }

    private static boolean catchesSigquit(Path status) {
        String caught = field(status, "SigCgt:");
        try {
            return caught == null || (Long.parseUnsignedLong(caught, 16) & SIGQUIT_BIT) != 0;
        } catch (NumberFormatException e) {
            return true; // an unknown format: leave it to the JDK
        }
    }

    /** Whether the JVM's attach socket exists already, so attaching sends no signal. The JDK's path: its namespace's pid, under its /tmp. */
    private static boolean attachSocketOpen(long pid, Path status) {
        String nspids = field(status, "NSpid:");
        String nspid = nspids == null ? Long.toString(pid) : nspids.substring(nspids.lastIndexOf(' ') + 1);
        return Files.exists(Path.of("/proc", Long.toString(pid), "root", "tmp", ".java_pid" + nspid));
    }

    /** The value of a {@code /proc/PID/status} field, whitespace collapsed; null if absent or unreadable. */
    private static String field(Path status, String name) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith(name)) {
                    return line.substring(name.length()).strip().replaceAll("\\s+", " ");
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile, or its status is not ours to read
        }
        return null;
    }
}
