package dev.weft.agent;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Option {@code jfr=PATH}: a flight recording from agent start to JVM exit, written to PATH when
 * the JVM exits: the JDK's {@code default} settings, and weft's events as a trace, what
 * {@code java -jar weft-agent.jar trace PATH} draws: every goroutine's start (with its creation
 * site), end, run on a P and park, a scheduler sample every {@value #SAMPLE_MILLIS} ms, and the
 * goroutines still alive at the end, grouped by where they were created and where they wait. So
 * much costs about a microsecond per switch and a stack walk per {@code go} while it records; a
 * recording made with {@code -XX:StartFlightRecording} and the JDK's settings has weft's cheap
 * defaults instead (parks of 1 ms or more, pinned parks, a sample a second). Unlike that option, this one says
 * nothing on stdout.
 */
final class JfrRecording {
    static final int SAMPLE_MILLIS = 100;

    private JfrRecording() {}

    /**
     * @throws IllegalArgumentException if PATH cannot be written or the recording cannot be
     *         started, with the message the agent prints before it stops the JVM
     */
    static void start(Path path) {
        String unwritable = whyUnwritable(path);
        if (unwritable != null) {
            throw bad(path, unwritable);
        }
        try {
            Recording r = new Recording(Configuration.getConfiguration("default"));
            r.setName("weft");
            r.setToDisk(true);
            r.setDumpOnExit(true);
            r.setDestination(path);
            r.enable("weft.GoroutineStart");
            r.enable("weft.GoroutineEnd");
            r.enable("weft.GoroutineRun");
            r.enable("weft.GoroutinePark").withThreshold(Duration.ZERO);
            r.enable("weft.SchedulerSample").withPeriod(Duration.ofMillis(SAMPLE_MILLIS));
            r.enable("weft.LiveGoroutines");
            r.start();
        } catch (Exception | LinkageError e) {
            throw bad(path, "cannot record: " + e);
        }
    }

    /**
     * Why the recording could not be written to {@code path} when the JVM exits, or null. Checked
     * before the recording starts, because the JDK would find out only at exit, when nothing can
     * be done about it, and says it in words that differ from release to release.
     */
    private static String whyUnwritable(Path path) {
        if (Files.isDirectory(path)) {
            return "it is a directory";
        }
        if (Files.exists(path) && !Files.isWritable(path)) {
            return "it is not writable";
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null) {
            return null;
        }
        if (!Files.exists(dir)) {
            return "directory " + dir + " does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a directory";
        }
        if (!Files.isWritable(dir)) {
            return "directory " + dir + " is not writable";
        }
        return null;
    }

    private static IllegalArgumentException bad(Path path, String why) {
        return new IllegalArgumentException(AgentOptions.PREFIX + "option \"jfr\": cannot write " + path + ": " + why);
    }
}
