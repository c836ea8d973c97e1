package dev.weft.agent.trace;

import dev.weft.agent.trace.Trace.SiteProfile;
import dev.weft.agent.trace.Trace.Stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time spent waiting, summed by site and then by wait reason, as Go's blocking profile sums it
 * by stack: count, total and longest. Its size is the number of distinct (site, reason) pairs,
 * which the program's code bounds, not the number of events. A null site or reason is a key of
 * its own.
 */
final class BlockingProfile {
    /** Ties are broken by name, so that the same recording always gives the same page. */
    private static final Comparator<String> NAMES = Comparator.nullsLast(Comparator.naturalOrder());

    private final Map<String, Map<String, Sum>> sums = new HashMap<>();

    private static final class Sum {
        long count;
        long total;
        long max;

        void add(long nanos) {
            count++;
            total += nanos;
            max = Math.max(max, nanos);
        }

        void add(Sum other) {
            count += other.count;
            total += other.total;
            max = Math.max(max, other.max);
        }

        Stats stats() {
            return new Stats(count, total, max);
        }
    }

    void add(String site, String reason, long nanos) {
        sums.computeIfAbsent(site, k -> new HashMap<>()).computeIfAbsent(reason, k -> new Sum()).add(nanos);
    }

    /** Every site, the most total time first; within a site, its reasons the same way. */
    List<SiteProfile> profile() {
        List<SiteProfile> sites = new ArrayList<>();
        for (Map.Entry<String, Map<String, Sum>> site : sums.entrySet()) {
            Sum all = new Sum();
            List<Map.Entry<String, Sum>> reasons = new ArrayList<>(site.getValue().entrySet());
            reasons.sort(Comparator.comparingLong((Map.Entry<String, Sum> r) -> -r.getValue().total)
                    .thenComparing(Map.Entry::getKey, NAMES));
            Map<String, Stats> byReason = new LinkedHashMap<>();
            for (Map.Entry<String, Sum> r : reasons) {
                all.add(r.getValue());
                byReason.put(r.getKey(), r.getValue().stats());
            }
            sites.add(new SiteProfile(site.getKey(), all.stats(), byReason));
        }
        sites.sort(Comparator.comparingLong((SiteProfile s) -> -s.stats().totalNanos()).thenComparing(SiteProfile::site, NAMES));
        return sites;
    }
}
