package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A goroutine ended (or panicked). Off by default (one per goroutine), as
 * {@code jdk.VirtualThreadEnd}; the agent's {@code jfr=PATH} turns it on.
 */
@Name("weft.GoroutineEnd")
@Label("Goroutine End")
@Category({"weft", "Goroutines"})
@Enabled(false)
@StackTrace(false)
public final class GoroutineEnd extends Event {
    private static final GoroutineEnd PROBE = new GoroutineEnd();

    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Panicked")
    public boolean panicked;

    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
