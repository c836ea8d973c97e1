package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Every goroutine was asleep: a {@code Go.run} failed with Go's deadlock message; the dump is attached. */
@Name("weft.Deadlock")
@Label("Deadlock")
@Category({"weft", "Goroutines"})
@StackTrace(false)
public final class Deadlock extends Event {
    @Label("Goroutine Dump")
    public String dump;
}
