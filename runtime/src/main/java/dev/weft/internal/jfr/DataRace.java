package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import jdk.jfr.Event;

/** Race mode reported a data race: what was accessed, by whom, and the whole report. */
@Name("weft.DataRace")
@Label("Data Race")
@Category({"weft", "Race Detector"})
@StackTrace(true)
public final class DataRace extends Event {
    @Label("Location")
    @Description("The field, array element or pseudo-location accessed, as the report names it")
    public String location;

    @Label("Goroutine Id")
    @Description("The goroutine of the access now; 0 for a plain thread")
    public long goroutineId;

    @Label("Previous Goroutine Id")
    @Description("The goroutine of the earlier access; 0 for a plain thread")
    public long previousGoroutineId;

    @Label("Report")
    public String report;
}
