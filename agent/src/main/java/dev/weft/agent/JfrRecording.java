package dev.weft.agent;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.nio.file.Path;

/**
 * Option {@code jfr=PATH}: a flight recording from agent start to JVM exit, written to PATH when
 * the JVM exits, with the JDK's {@code default} settings (weft's own {@code weft.*} events are
 * enabled unless an event says otherwise). The same as {@code -XX:StartFlightRecording=filename=PATH},
 * except that it says nothing on stdout.
 */
final class JfrRecording {
    private JfrRecording() {}

    /**
     * @throws IllegalArgumentException if the recording cannot be started or PATH is not
     *         writable; thrown from {@code premain}, it stops the JVM, as any bad option does
     */
    static void start(Path path) {
        try {
            Recording r = new Recording(Configuration.getConfiguration("default"));
            r.setName("weft");
            r.setToDisk(true);
            r.setDumpOnExit(true);
            r.setDestination(path);
            r.start();
        } catch (Exception | LinkageError e) {
            throw new IllegalArgumentException("weft agent: option \"jfr\": cannot record to " + path + ": " + e, e);
        }
    }
}
