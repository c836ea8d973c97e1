package dev.weft.agent.trace;

import dev.weft.agent.trace.Trace.Wait;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the goroutines alive at the end of a recording wait on, by creation site: the runtime's
 * {@code weft.LiveGoroutines} events of the recording's last chunk. The runtime emits a set of
 * them at every chunk's end, one event per creation site, state and blocking site, so a
 * recording of several chunks holds several sets, and only the last one is the picture at the
 * end. A set is told by the chunk that holds it ({@link Chunks}), not by time: its events are
 * timed one by one, apart by microseconds, and two chunk ends may be as little as 100 ms apart
 * (starting or stopping another recording ends the chunk).
 *
 * <p>What holds: only the events of the latest chunk offered are kept, one per (creation site,
 * state, blocking site); so its size is one set's, which the program's code bounds, not its
 * goroutines. An event of an earlier chunk than the kept ones is dropped, one of a later chunk
 * drops them. One of a group already kept replaces it: within one chunk that happens only when
 * the chunks could not be told apart, and the later set is then the one to keep.
 */
final class LiveAtEnd {
    /** By creation site (null a key of its own), then by state and blocking site: the count. */
    private final Map<String, Map<Key, Long>> sets = new HashMap<>();
    private int chunk = -1;

    private record Key(String state, String site) {}

    /** A LiveGoroutines event of chunk {@code chunk}: {@code count} goroutines created at {@code createdAt} are in {@code state} at {@code site}. */
    void add(int chunk, String createdAt, String state, String site, long count) {
        if (chunk < this.chunk) {
            return;
        }
        if (chunk > this.chunk) {
            sets.clear();
            this.chunk = chunk;
        }
        sets.computeIfAbsent(createdAt, k -> new HashMap<>()).put(new Key(state, site), count);
    }

    /** What the goroutines created at {@code createdAt} wait on: most goroutines first, then by state and site; empty if none were alive. */
    List<Wait> waits(String createdAt) {
        List<Wait> waits = new ArrayList<>();
        sets.getOrDefault(createdAt, Map.of()).forEach((key, count) -> waits.add(new Wait(key.state(), key.site(), count)));
        Comparator<String> names = Comparator.nullsLast(Comparator.naturalOrder());
        waits.sort(Comparator.comparingLong((Wait w) -> -w.count())
                .thenComparing(Wait::state, names)
                .thenComparing(Wait::site, names));
        return waits;
    }
}
