package dev.weft.race;

import dev.weft.SuspendableRunnable;

import java.util.ArrayList;
import java.util.List;

/**
 * The cases of one file of the race corpus, as Go's {@code runtime/race/testdata} has them: a
 * case named {@code Race...} must make the detector report at least one data race, a case named
 * {@code NoRace...} none. {@link RaceCorpusIT} runs every case with GOMAXPROCS 1 and then 2.
 *
 * <p>A goroutine case is the body of a main goroutine ({@code Go.run}); a thread case runs on
 * a plain Java thread, for what the Java memory model and {@code java.util.concurrent} order.
 * Every case waits for what it started before it returns, so no access of one case can be
 * counted against the next.
 */
public final class Corpus {
    /** A body that runs on plain threads and may throw what it likes. */
    @FunctionalInterface
    public interface ThreadBody {
        void run() throws Exception;
    }

    /** One case. Exactly one of {@code goroutine} and {@code thread} is set. */
    public record Case(String file, String name, boolean expectRace, SuspendableRunnable goroutine,
                       ThreadBody thread, String knownFailure) {
        Case known(String why) {
            return new Case(file, name, expectRace, goroutine, thread, why);
        }

        @Override
        public String toString() {
            return file + ": " + (expectRace ? "Race" : "NoRace") + name;
        }
    }

    /** A file of cases: adds them to the corpus it is given. */
    @FunctionalInterface
    public interface Source {
        void cases(Corpus c);
    }

    private final String file;
    private final List<Case> cases = new ArrayList<>();

    Corpus(String file) {
        this.file = file;
    }

    /** {@code TestRace<name>}: the body, run as a main goroutine, must report a race. */
    public Corpus race(String name, SuspendableRunnable body) {
        return add(new Case(file, name, true, body, null, null));
    }

    /** {@code TestNoRace<name>}: the body, run as a main goroutine, must report none. */
    public Corpus noRace(String name, SuspendableRunnable body) {
        return add(new Case(file, name, false, body, null, null));
    }

    /** A racy case on plain Java threads. */
    public Corpus raceThreads(String name, ThreadBody body) {
        return add(new Case(file, name, true, null, body, null));
    }

    /** A race-free case on plain Java threads. */
    public Corpus noRaceThreads(String name, ThreadBody body) {
        return add(new Case(file, name, false, null, body, null));
    }

    /**
     * Marks the case added last as one the detector is known to get wrong, saying why: it still
     * runs and is counted, but a wrong verdict does not fail the build.
     */
    public Corpus knownFailure(String why) {
        cases.set(cases.size() - 1, cases.get(cases.size() - 1).known(why));
        return this;
    }

    private Corpus add(Case c) {
        for (Case other : cases) {
            if (other.name().equals(c.name()) && other.expectRace() == c.expectRace()) {
                throw new IllegalArgumentException("two cases named " + c);
            }
        }
        cases.add(c);
        return this;
    }

    List<Case> cases() {
        return cases;
    }
}
