package dev.weft.race;

import dev.weft.Go;
import dev.weft.internal.race.Reports;
import dev.weft.race.corpus.ChanCases;
import dev.weft.race.corpus.SelectCases;
import dev.weft.race.corpus.MutexCases;
import dev.weft.race.corpus.SyncCases;
import dev.weft.race.corpus.WaitGroupCases;
import dev.weft.race.corpus.TimeCases;
import dev.weft.race.corpus.MopCases;
import dev.weft.race.corpus.MopCases2;
import dev.weft.race.corpus.CompCases;
import dev.weft.race.corpus.SliceCases;
import dev.weft.race.corpus.AtomicCases;
import dev.weft.race.corpus.RegressionCases;
import dev.weft.race.corpus.MiscCases;
import dev.weft.race.corpus.WeftCases;
import dev.weft.race.corpus.WeftSyncCases;
import dev.weft.race.corpus.JmmCases;
import dev.weft.race.corpus.JucCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the race corpus in this JVM, which the build starts under the packaged agent with
 * {@code race,race.dedup=0} (every report counts) and {@code include=dev.weft.race.**}: each
 * case with GOMAXPROCS 1 and 2, judged by how many reports it added, and the totals as Go's
 * harness prints them ({@code Passed X of Y (F+ false positives, F- false negatives)}).
 */
class RaceCorpusIT {
    /** The corpus, file by file. */
    private static final List<Corpus.Source> SOURCES = List.of(
            new ChanCases(),
            new SelectCases(),
            new MutexCases(),
            new SyncCases(),
            new WaitGroupCases(),
            new TimeCases(),
            new MopCases(),
            new MopCases2(),
            new CompCases(),
            new SliceCases(),
            new AtomicCases(),
            new RegressionCases(),
            new MiscCases(),
            new WeftCases(),
            new WeftSyncCases(),
            new JmmCases(),
            new JucCases());

    private static final long TIMEOUT_MILLIS = 60_000;

    private static int runs, passed, falsePositives, falseNegatives;
    private static final List<String> wrong = new ArrayList<>();

    @TestFactory
    List<DynamicContainer> corpus() {
        List<DynamicContainer> files = new ArrayList<>();
        for (Corpus.Source source : SOURCES) {
            Corpus c = new Corpus(source.getClass().getSimpleName());
            source.cases(c);
            List<DynamicTest> tests = new ArrayList<>();
            for (Corpus.Case k : c.cases()) {
                for (int procs = 1; procs <= 2; procs++) {
                    int p = procs;
                    tests.add(DynamicTest.dynamicTest(k.name() + " GOMAXPROCS=" + p, () -> check(k, p)));
                }
            }
            files.add(DynamicContainer.dynamicContainer(c.cases().isEmpty() ? "empty" : c.cases().get(0).file(), tests));
        }
        return files;
    }

    private static void check(Corpus.Case k, int procs) throws Throwable {
        int before = Reports.count();
        run(k, procs);
        int reported = Reports.count() - before;
        boolean right = k.expectRace() ? reported > 0 : reported == 0;
        synchronized (RaceCorpusIT.class) {
            runs++;
            if (right) {
                passed++;
            } else {
                if (k.expectRace()) {
                    falseNegatives++;
                } else {
                    falsePositives++;
                }
                wrong.add(k + " GOMAXPROCS=" + procs + (k.knownFailure() == null ? "" : " (known: " + k.knownFailure() + ")"));
            }
        }
        if (!right && k.knownFailure() != null) {
            Assumptions.abort("known failure: " + k.knownFailure());
        }
        assertEquals(k.expectRace(), reported > 0, k + ": " + reported + " race report(s)");
    }

    /** Runs the case on a thread of its own, failing loudly if it does not end in time. */
    private static void run(Corpus.Case k, int procs) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                if (k.goroutine() != null) {
                    int old = Go.maxProcs(procs);
                    try {
                        Go.run(k.goroutine());
                    } finally {
                        Go.maxProcs(old);
                    }
                } else {
                    k.thread().run();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "race-case " + k.name());
        t.setDaemon(true);
        t.start();
        t.join(TIMEOUT_MILLIS);
        if (t.isAlive()) {
            fail(k + " did not end within " + TIMEOUT_MILLIS + " ms:\n" + Go.dump());
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @AfterAll
    static void totals() {
        System.out.println("race corpus: Passed " + passed + " of " + runs + " (" + falsePositives + " false positives, "
                + falseNegatives + " false negatives)");
        wrong.forEach(w -> System.out.println("  wrong: " + w));
    }
}
