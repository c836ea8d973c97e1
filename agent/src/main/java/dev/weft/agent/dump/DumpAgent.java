package dev.weft.agent.dump;

import dev.weft.internal.WeftClasses;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The half of {@code dump PID} that runs inside the target JVM: {@link DumpCommand} loads the
 * agent jar into it with the argument {@value #REQUEST}{@code FILE}, and
 * {@code WeftAgent.agentmain} hands that argument here before anything else, so it is never
 * parsed as weaving options and never adds a transformer.
 *
 * <p>The reply. FILE is written once, atomically (written beside it, then renamed onto it): its
 * first line is {@value #OK} or {@value #ERROR}; after {@value #OK} comes what the command prints
 * (a header line naming the JVM and the time, then the dump), after {@value #ERROR} one line
 * saying why there is no dump. A target that writes nothing (it could not write there) leaves
 * the command to say so.
 *
 * <p>Which runtime. The agent jar, appended to the system class path by the load, carries a copy
 * of weft's runtime, but the goroutines are those of the runtime the program runs on: the one in
 * this same jar under {@code -javaagent}; one the application class loader took from
 * {@code weft-runtime.jar} when the program was woven at build time; or one in a class loader of
 * the program's own (a container's, a test framework's). A direct call would link against
 * whichever copy the system class loader finds and, in the last case, start a second, empty
 * scheduler. So the runtime is found among the loaded classes, by its scheduler's class, and
 * its {@code Goroutines.dump()} called through reflection in that class's loader: each runtime
 * whose scheduler has been loaded is dumped (several class loaders: one section each), no
 * scheduler is ever started, and a JVM that loaded none is told apart from one whose weft has
 * started no goroutine yet.
 *
 * <p>The target must come to no harm: {@link #answer} catches everything, prints nothing and
 * changes nothing but FILE, beyond what loading any agent does (the JDK appends its jar to the
 * system class path, and the JDK's own warning of JDK 21 and later, see {@link AgentAttach}).
 */
public final class DumpAgent {
    /** The agent argument that asks for a dump into the file that follows it. */
    public static final String REQUEST = "dump-goroutines=";
    static final String OK = "ok";
    static final String ERROR = "error";

    private static final String SCHEDULER = "dev.weft.internal.sched.Scheduler";
    private static final String GOROUTINES = "dev.weft.internal.sched.Goroutines";
    /** Loaded only by the agent's weaving: weft's agent runs here, though no goroutine may have yet. */
    private static final String TRANSFORMER = "dev.weft.agent.WeftTransformer";

    private DumpAgent() {}

    /** Whether an agent argument is a dump request rather than weaving options. */
    public static boolean isRequest(String agentArgs) {
        return agentArgs != null && agentArgs.startsWith(REQUEST);
    }

    /** Writes the reply to the request {@code agentArgs}; never throws. */
    public static void answer(String agentArgs, Instrumentation inst) {
        try {
            Path file = Path.of(agentArgs.substring(REQUEST.length()));
            write(file, reply(inst));
        } catch (Throwable t) {
            // Nothing may reach the program; the command, finding no reply, says so.
        }
    }

    private static String reply(Instrumentation inst) {
        long pid = ProcessHandle.current().pid();
        List<Class<?>> schedulers = new ArrayList<>();
        boolean weft = false;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String name = c.getName();
            if (name.equals(SCHEDULER)) {
                schedulers.add(c);
            }
            weft |= name.equals(TRANSFORMER) || WeftClasses.isApi(name); // a woven program loads the API once it runs
        }
        String header = "weft goroutine dump of JVM " + pid + " at " + Instant.now() + "\n\n";
        if (schedulers.isEmpty()) {
            return weft ? OK + "\n" + header + "(no goroutines: weft's scheduler has not started)\n"
                    : ERROR + "\nJVM " + pid + " does not run weft: start it with -javaagent:weft-agent.jar";
        }
        StringBuilder out = new StringBuilder(OK).append('\n').append(header);
        for (Class<?> scheduler : schedulers) {
            ClassLoader loader = scheduler.getClassLoader();
            if (schedulers.size() > 1) {
                out.append("weft runtime of class loader ").append(loader).append(":\n\n");
            }
            String tooOld = ERROR + "\nJVM " + pid + " runs a weft runtime without goroutine dumps: dump needs weft "
                    + DumpAgent.class.getPackage().getImplementationVersion() + " or later";
            try {
                Class<?> goroutines = Class.forName(GOROUTINES, false, loader);
                if (!sameOrigin(goroutines, scheduler)) {
                    return tooOld; // found only in the agent jar just appended: not that runtime's own
                }
                String dump = (String) goroutines.getMethod("dump").invoke(null);
                out.append(dump.isEmpty() ? "(no goroutines)\n" : dump).append('\n');
            } catch (InvocationTargetException e) {
                return ERROR + "\nthe goroutine dump failed inside JVM " + pid + ": " + e.getCause();
            } catch (ReflectiveOperationException | LinkageError e) {
                return tooOld;
            }
        }
        return out.toString();
    }

    /** Whether two classes were loaded from the same jar or directory. */
    private static boolean sameOrigin(Class<?> a, Class<?> b) {
        return location(a).equals(location(b));
    }

    private static String location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        return source == null ? "" : String.valueOf(source.getLocation());
    }

    /** Writes {@code text} to a file beside {@code file}, readable by its owner only, then renames it onto {@code file}. */
    private static void write(Path file, String text) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        boolean created = false;
        try {
            try (SeekableByteChannel out = createNew(part)) {
                created = true;
                out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            if (created) {
                Files.deleteIfExists(part);
            }
            throw e;
        }
    }

    private static SeekableByteChannel createNew(Path path) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            return Files.newByteChannel(path, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            return Files.newByteChannel(path, options); // a file system without POSIX permissions
        }
    }
}
