package dev.weft.agent.trace;

import dev.weft.agent.trace.Trace.EventStatus;
import dev.weft.agent.trace.Trace.Kept;
import dev.weft.agent.trace.Trace.Leak;
import dev.weft.agent.trace.Trace.Park;
import dev.weft.agent.trace.Trace.Run;
import dev.weft.agent.trace.Trace.SiteProfile;
import dev.weft.agent.trace.Trace.Stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Writes a {@link Trace} as one self-contained HTML page: the template {@code trace.html} with
 * {@code trace.css} and {@code trace.js} inlined and the trace embedded as JSON in a {@code
 * <script type="application/json">} element. The page loads nothing: no server, no network, no
 * font, so it opens from disk ({@code file://}) anywhere.
 *
 * <p>The data, which {@code trace.js} reads (its shape is documented there too):
 * <ul>
 *   <li>times are nanoseconds since the trace's start, durations nanoseconds;
 *   <li>every site, reason, frame and carrier name is an index into {@code strings}, -1 for none;
 *   <li>runs are columns per P and parks columns for all, each sorted by start, starts written as
 *       the difference from the previous one (so mostly short numbers); goroutine ids too;
 *   <li>{@code goroutines} holds the creation site and parent of every goroutine a run, a park or
 *       a leak names, and of no other, so its size follows what is kept.
 * </ul>
 */
final class TracePage {
    private static final String DATA = "{{data}}";
    private static final String TITLE = "{{title}}";

    private final Trace trace;
    private final StringTable strings = new StringTable();

    private TracePage(Trace trace) {
        this.trace = trace;
    }

    /** Writes the page of {@code trace} to {@code out}. */
    static void write(Trace trace, Writer out) throws IOException {
        String template = resource("trace.html")
                .replace("{{style}}", resource("trace.css"))
                .replace("{{script}}", resource("trace.js"));
        // split before the title goes in: the recording's name may hold anything, a placeholder too
        int data = template.indexOf(DATA);
        String title = html(trace.source());
        out.write(template.substring(0, data).replace(TITLE, title));
        new TracePage(trace).data(new Json(out));
        out.write(template.substring(data + DATA.length()).replace(TITLE, title));
    }

    private void data(Json json) throws IOException {
        json.openObject();
        json.key("source").value(trace.source());
        json.key("startEpochNanos").value(trace.start());
        json.key("duration").value(trace.end() - trace.start());
        json.key("procs").value(trace.procs());
        limits(json);
        events(json);
        runs(json);
        parks(json);
        buckets(json);
        json.key("blocking");
        profile(json, trace.blocking());
        json.key("pinned");
        profile(json, trace.pinned());
        leaks(json);
        reports(json);
        goroutines(json);
        // last: every string above has its index by now
        json.key("strings").openArray();
        for (String s : strings.all()) {
            json.value(s);
        }
        json.closeArray();
        json.closeObject();
    }

    private void limits(Json json) throws IOException {
        json.key("limits").openObject()
                .key("runs").value(TraceReader.MAX_RUNS)
                .key("parks").value(TraceReader.MAX_PARKS)
                .key("reports").value(TraceReader.MAX_REPORTS)
                .key("leakIds").value(TraceReader.LEAK_IDS)
                .key("buckets").value(Timeline.BUCKETS)
                .closeObject();
    }

    private void events(Json json) throws IOException {
        json.key("events").openObject();
        for (Map.Entry<String, EventStatus> e : trace.events().entrySet()) {
            EventStatus s = e.getValue();
            json.key(e.getKey()).openObject().key("declared").value(s.declared()).key("enabled");
            if (s.enabled() == null) {
                json.nullValue();
            } else {
                json.value(s.enabled());
            }
            json.key("threshold").value(s.threshold()).key("count").value(s.count()).closeObject();
        }
        json.closeObject();
    }

    private void runs(Json json) throws IOException {
        Kept<Run> runs = trace.runs();
        json.key("runs").openObject();
        kept(json, runs);
        List<List<Run>> lanes = new ArrayList<>();
        for (int p = 0; p < trace.procs(); p++) {
            lanes.add(new ArrayList<>());
        }
        for (Run r : runs.items()) {
            lanes.get(r.proc()).add(r);
        }
        json.key("lanes").openArray();
        for (List<Run> lane : lanes) {
            json.openObject();
            column(json, "start", deltas(lane.stream().mapToLong(r -> r.start() - trace.start())));
            column(json, "dur", lane.stream().mapToLong(Run::duration));
            column(json, "g", lane.stream().mapToLong(Run::goroutineId));
            column(json, "m", lane.stream().mapToLong(r -> strings.index(r.carrier())));
            json.closeObject();
        }
        json.closeArray().closeObject();
    }

    private void parks(Json json) throws IOException {
        Kept<Park> parks = trace.parks();
        List<Park> items = parks.items();
        json.key("parks").openObject();
        kept(json, parks);
        column(json, "start", deltas(items.stream().mapToLong(p -> p.start() - trace.start())));
        column(json, "dur", items.stream().mapToLong(Park::duration));
        column(json, "g", items.stream().mapToLong(Park::goroutineId));
        column(json, "reason", items.stream().mapToLong(p -> strings.index(p.reason())));
        column(json, "site", items.stream().mapToLong(p -> strings.index(p.site())));
        json.closeObject();
    }

    private void kept(Json json, Kept<?> kept) throws IOException {
        json.key("total").value(kept.total()).key("until");
        if (kept.truncated()) {
            json.value(kept.until() - trace.start());
        } else {
            json.nullValue();
        }
    }

    private void buckets(Json json) throws IOException {
        Trace.Buckets b = trace.buckets();
        json.key("buckets").openObject();
        json.key("start").value(b.start() - trace.start());
        json.key("width").value(b.width());
        json.key("busy").openArray();
        for (double[] p : b.busy()) {
            series(json, p);
        }
        json.closeArray();
        json.key("parked").openArray();
        for (Map.Entry<String, double[]> reason : b.parked().entrySet()) {
            json.openObject().key("reason").value(strings.index(reason.getKey())).key("values");
            series(json, reason.getValue());
            json.closeObject();
        }
        json.closeArray();
        json.key("pinned");
        series(json, b.pinned());
        json.key("samples").openObject();
        for (Map.Entry<String, double[]> field : b.samples().entrySet()) {
            json.key(field.getKey());
            series(json, field.getValue());
        }
        json.closeObject().closeObject();
    }

    private void profile(Json json, List<SiteProfile> profile) throws IOException {
        json.openArray();
        for (SiteProfile site : profile) {
            json.openObject().key("site").value(strings.index(site.site()));
            stats(json, site.stats());
            json.key("reasons").openArray();
            for (Map.Entry<String, Stats> reason : site.byReason().entrySet()) {
                json.openObject().key("reason").value(strings.index(reason.getKey()));
                stats(json, reason.getValue());
                json.closeObject();
            }
            json.closeArray().closeObject();
        }
        json.closeArray();
    }

    private static void stats(Json json, Stats s) throws IOException {
        json.key("count").value(s.count()).key("total").value(s.totalNanos()).key("max").value(s.maxNanos());
    }

    private void leaks(Json json) throws IOException {
        json.key("leaks").openArray();
        for (Leak leak : trace.leaks()) {
            json.openObject().key("site").value(strings.index(leak.site())).key("count").value(leak.count());
            column(json, "ids", leak.ids().stream().mapToLong(Long::longValue));
            json.key("waits").openArray();
            for (Trace.Wait w : leak.waits()) {
                json.openObject()
                        .key("state").value(strings.index(w.state()))
                        .key("site").value(strings.index(w.site()))
                        .key("count").value(w.count())
                        .closeObject();
            }
            json.closeArray();
            json.closeObject();
        }
        json.closeArray();
    }

    private void reports(Json json) throws IOException {
        json.key("deadlocks").openObject();
        kept(json, trace.deadlocks());
        json.key("items").openArray();
        for (Trace.Deadlock d : trace.deadlocks().items()) {
            json.openObject().key("time").value(d.time() - trace.start()).key("dump").value(d.dump()).closeObject();
        }
        json.closeArray().closeObject();
        json.key("races").openObject();
        kept(json, trace.races());
        json.key("items").openArray();
        for (Trace.Race r : trace.races().items()) {
            json.openObject().key("time").value(r.time() - trace.start())
                    .key("location").value(r.location())
                    .key("g").value(r.goroutineId())
                    .key("previous").value(r.previousGoroutineId())
                    .key("report").value(r.report())
                    .closeObject();
        }
        json.closeArray().closeObject();
    }

    private void goroutines(Json json) throws IOException {
        long[] ids = LongStream.concat(
                        LongStream.concat(
                                trace.runs().items().stream().mapToLong(Run::goroutineId),
                                trace.parks().items().stream().mapToLong(Park::goroutineId)),
                        trace.leaks().stream().flatMap(l -> l.ids().stream()).mapToLong(Long::longValue))
                .distinct().sorted().toArray();
        Trace.Goroutines g = trace.goroutines();
        json.key("goroutines").openObject()
                .key("started").value(trace.started())
                .key("ended").value(trace.ended())
                .key("panicked").value(trace.panicked());
        column(json, "id", deltas(LongStream.of(ids)));
        column(json, "site", LongStream.of(ids).map(id -> strings.index(g.site(id))));
        column(json, "parent", LongStream.of(ids).map(g::parent));
        json.closeObject();
    }

    /** A member {@code name} whose value is the array of {@code values}. */
    private static void column(Json json, String name, LongStream values) throws IOException {
        json.key(name).openArray();
        for (long v : values.toArray()) {
            json.value(v);
        }
        json.closeArray();
    }

    private static void series(Json json, double[] values) throws IOException {
        json.openArray();
        for (double v : values) {
            json.value(v);
        }
        json.closeArray();
    }

    /** Each value minus the one before it (the first minus 0); {@code values} must be in order. */
    private static LongStream deltas(LongStream values) {
        long[] v = values.toArray();
        long[] d = new long[v.length];
        for (int k = 0; k < v.length; k++) {
            d[k] = k == 0 ? v[k] : v[k] - v[k - 1];
        }
        return LongStream.of(d);
    }

    private static String resource(String name) {
        try (InputStream in = TracePage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the agent jar lacks " + name + " beside " + TracePage.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
