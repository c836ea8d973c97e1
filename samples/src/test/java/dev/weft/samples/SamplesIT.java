package dev.weft.samples;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.currentJava;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every sample, and the tour of them all, under the agent in a fresh JVM, and checks what
 * it prints: exactly the lines below (each sample's header comment shows them too), and nothing
 * at all on stderr, so in particular no pinning warning: the samples must never pin. The tour
 * runs again in {@code strict} mode, where a pin would be a {@code PinnedError}. The servers
 * among the samples ({@link #SERVERS}) have tests of their own, as has the racy one ({@link #RACY}).
 */
class SamplesIT {
    /** A sample prints in well under a second; this is for a loaded CI machine. */
    private static final long TIMEOUT_SECONDS = 120;

    /** What each sample prints, exactly. */
    static final Map<Class<?>, String> EXPECTED = Map.ofEntries(
            Map.entry(HelloGoroutine.class, """
                    hello from a goroutine
                    hello, gopher
                    """),
            Map.entry(WaitGroups.class, """
                    line 1: 6 words
                    line 2: 8 words
                    line 3: 7 words
                    line 4: 5 words
                    4 goroutines counted 26 words
                    """),
            Map.entry(Channels.class, """
                    unbuffered: received ping
                    buffered: len 2, cap 2, nobody received yet
                    received one
                    received two
                    received null: the channel is closed
                    worker: working...
                    worker: done, main may go on
                    """),
            Map.entry(SelectDefault.class, """
                    no message received
                    no message sent: nobody is receiving and there is no buffer
                    no activity
                    sent hi into the buffer
                    received message hi
                    """),
            Map.entry(SelectTimeout.class, """
                    timeout 1
                    result 2
                    the slow worker still finished: result 1
                    """),
            Map.entry(WorkerPool.class, """
                    3 workers did 9 jobs
                    results: [2, 4, 6, 8, 10, 12, 14, 16, 18]
                    """),
            Map.entry(FanOutFanIn.class, """
                    4 workers squared 1..100, merged into one channel
                    received 100 squares, sum 338350
                    """),
            Map.entry(Pipeline.class, """
                    1
                    4
                    9
                    16
                    25
                    enough: cancel the pipeline
                    both stages stopped
                    a receive now answers null: squares is closed
                    """),
            Map.entry(ProducerConsumer.class, """
                    packed order 1
                    packed order 2
                    packed order 3
                    packed order 4
                    packed order 5
                    the producer closed the queue: 5 orders packed
                    """),
            Map.entry(PrimeSieve.class, """
                    2
                    3
                    5
                    7
                    11
                    13
                    17
                    19
                    23
                    29
                    """),
            Map.entry(ContextTimeout.class, """
                    9 goroutines wait under a 50 ms deadline
                    worker 1 stopped: context deadline exceeded
                    worker 1.1 stopped: context deadline exceeded
                    worker 1.2 stopped: context deadline exceeded
                    worker 2 stopped: context deadline exceeded
                    worker 2.1 stopped: context deadline exceeded
                    worker 2.2 stopped: context deadline exceeded
                    worker 3 stopped: context deadline exceeded
                    worker 3.1 stopped: context deadline exceeded
                    worker 3.2 stopped: context deadline exceeded
                    main: context deadline exceeded, after at least 50 ms: true
                    """),
            Map.entry(ErrGroupLimit.class, """
                    first error: task 500: checksum mismatch
                    1000 tasks ran, never more than 8 at once: true
                    tasks after the failure stopped early on the canceled context: true
                    """),
            Map.entry(RecoverPanic.class, """
                    100 / 4 = 25
                    100 / 5 = 20
                    recovered: java.lang.ArithmeticException: / by zero
                    main carried on: 3 tasks, 1 recovered
                    """),
            Map.entry(MutexCounter.class, """
                    ops: 50000
                    """),
            Map.entry(Deadlock.class, """
                    all goroutines are asleep - deadlock!
                    fixed with a buffer of one: hello
                    """),
            Map.entry(GoroutineLeak.class, """
                    10 queries, unbuffered answers: 20 goroutines leaked
                    10 queries, answers buffered for every replica: 0 goroutines leaked
                    """),
            Map.entry(GoogleSearch.class, """
                    timed out
                    image1 result for "golang"
                    web2 result for "golang"
                    """),
            Map.entry(Whispers.class, """
                    100000 goroutines in a chain, each adds one and passes it on
                    the whisper started as 1 and arrived as 100001
                    """),
            Map.entry(HelloHttp.class, """
                    an HTTP server listens on 127.0.0.1, on a port the kernel picked
                    one connection, kept alive:
                      GET /hello -> 200 OK: Hello, world!
                      HEAD /hello -> 200 OK: Content-Length 14, no body
                      POST /echo -> 200 OK: ping
                      GET /nowhere -> 404 Not Found: 404 page not found
                      GET / with Connection: close -> 200 OK: Hello, world!
                      then the server closed it: end of stream
                    another connection:
                      NONSENSE -> 400 Bad Request: 400 Bad Request
                      then the server closed it: end of stream
                    the server is closed, and serve returned
                    """));

    /**
     * The programs that serve until they are stopped, and print the port the kernel gave them:
     * not in the tour ({@link HelloHttp} shows the HTTP server there), tested by
     * {@link EchoServerIT} and {@link HttpServerIT}.
     */
    static final Set<Class<?>> SERVERS = Set.of(EchoServer.class, HttpServer.class);
    /** Programs for race mode, whose output is racy by design: {@link RaceModeIT} runs them. */
    static final Set<Class<?>> RACY = Set.of(RacyCounter.class);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> eachSample_printsWhatItsHeaderSays_andNothingOnStderr() {
        return Tour.SAMPLES.stream().map(s -> DynamicTest.dynamicTest(s.type().getSimpleName(), () -> {
            ChildJvm.Run r = new ChildJvm(tmp).run(currentJava(), TIMEOUT_SECONDS, s.type(), agent(null));
            assertRanCleanly(EXPECTED.get(s.type()), r);
        }));
    }

    @Test
    void tour_runsEverySample_underItsHeading() throws Exception {
        ChildJvm.Run r = new ChildJvm(tmp).run(currentJava(), TIMEOUT_SECONDS, Tour.class, agent(null));
        assertRanCleanly(expectedTour(), r);
    }

    @Test
    void tour_inStrictMode_neverPins() throws Exception {
        ChildJvm.Run r = new ChildJvm(tmp).run(currentJava(), TIMEOUT_SECONDS, Tour.class, agent("strict"));
        assertRanCleanly(expectedTour(), r);
    }

    @Test
    void everySampleProgram_isInTheTour_andHasItsExpectedOutput() throws IOException {
        Set<String> programs = new TreeSet<>();
        Path pkg = Path.of(ChildJvm.samplesClasses(), "dev", "weft", "samples");
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$") && hasMain("dev.weft.samples." + name.replace(".class", ""))) {
                    programs.add(name.replace(".class", ""));
                }
            }
        }
        programs.remove(Tour.class.getSimpleName());
        SERVERS.forEach(server -> assertTrue(programs.remove(server.getSimpleName()), server + " is a program"));
        RACY.forEach(racy -> assertTrue(programs.remove(racy.getSimpleName()), racy + " is a program"));
        Set<String> toured = Tour.SAMPLES.stream().map(s -> s.type().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = EXPECTED.keySet().stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(programs, toured, "the tour's samples");
        assertEquals(programs, expected, "the samples with an expected output");
    }

    @Test
    void eachSampleHeader_showsExactlyWhatItPrints() throws IOException {
        Path dir = Path.of(ChildJvm.property("weft.samples.sources"), "dev", "weft", "samples");
        Pattern prints = Pattern.compile("Prints:\\n \\* <pre>\\n(.*?) \\* </pre>", Pattern.DOTALL);
        for (Map.Entry<Class<?>, String> e : EXPECTED.entrySet()) {
            String source = Files.readString(dir.resolve(e.getKey().getSimpleName() + ".java"));
            Matcher m = prints.matcher(source);
            assertTrue(m.find(), e.getKey().getSimpleName() + "'s header has no \"Prints:\" block");
            String shown = m.group(1).lines().map(l -> l.replaceFirst("^ \\* ?", "") + "\n").collect(Collectors.joining())
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            assertEquals(e.getValue(), shown, e.getKey().getSimpleName() + "'s header");
        }
    }

    private static boolean hasMain(String className) {
        try {
            Method m = Class.forName(className, false, SamplesIT.class.getClassLoader()).getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The tour's output: a heading per sample and its output indented, as {@link Tour} prints them. */
    static String expectedTour() {
        StringBuilder b = new StringBuilder("A tour of weft: Go's concurrency patterns, in Java, on goroutines.\n");
        for (int i = 0; i < Tour.SAMPLES.size(); i++) {
            Tour.Sample s = Tour.SAMPLES.get(i);
            b.append('\n').append(String.format("%2d. %s  (%s)%n", i + 1, s.title(), s.type().getSimpleName()));
            b.append("    ").append(s.idiom()).append("\n\n");
            EXPECTED.get(s.type()).lines().forEach(line -> b.append(Tour.INDENT).append(line).append('\n'));
        }
        b.append("\nThat was all ").append(Tour.SAMPLES.size()).append(" samples. Each is a program of its own in dev.weft.samples:\n");
        b.append("read its source, or run it alone with its class name in place of Tour.\n");
        return b.toString().replace(System.lineSeparator(), "\n");
    }

    private static void assertRanCleanly(String expected, ChildJvm.Run r) {
        assertFalse(r.err().contains("pinned"), () -> "a sample pinned its carrier:\n" + r);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(expected, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }
}
