package dev.weft.samples;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * A tour of the samples: runs each one in turn, under a heading that names the Go idiom it
 * shows, with its output indented beneath. Run it under the agent:
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar -cp samples/target/classes dev.weft.samples.Tour
 * </pre>
 * Every sample is also a program of its own: put its class name in place of {@code Tour}.
 *
 * <p>Each sample calls {@code Go.run} itself, from this plain thread, as its {@code main} would;
 * they share the one scheduler, one after the other. None leaves a goroutine running or a
 * timer that would keep it busy for long, so the next starts clean (the goroutines that
 * {@link GoroutineLeak} leaks, and {@link PrimeSieve}'s generator and filters, stay parked for
 * good, as they would in Go).
 */
public final class Tour {
    /** A sample's {@code main}. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /** One stop of the tour: a title, the Go idiom it shows, and the program. */
    record Sample(String title, String idiom, Class<?> type, Main main) {
    }

    static final List<Sample> SAMPLES = List.of(
            new Sample("Hello, goroutine", "go f(), and a channel to hear back from it",
                    HelloGoroutine.class, HelloGoroutine::main),
            new Sample("WaitGroup", "wg.Add, defer wg.Done(), wg.Wait()",
                    WaitGroups.class, WaitGroups::main),
            new Sample("Channels", "unbuffered and buffered channels; v, ok := <-ch",
                    Channels.class, Channels::main),
            new Sample("Select with default", "select { case ...: default: }: never wait",
                    SelectDefault.class, SelectDefault::main),
            new Sample("Select with a timeout", "select { case res := <-c: case <-time.After(d): }",
                    SelectTimeout.class, SelectTimeout::main),
            new Sample("Worker pool", "workers ranging over a jobs channel",
                    WorkerPool.class, WorkerPool::main),
            new Sample("Fan-out, fan-in", "several readers of one channel; a select merges two, a closed one set to nil",
                    FanOutFanIn.class, FanOutFanIn::main),
            new Sample("Pipeline", "stages on <-chan and chan<- ends, stopped by context cancel",
                    Pipeline.class, Pipeline::main),
            new Sample("Producer and consumer", "the producer closes; v, ok := <-ch in a select loop",
                    ProducerConsumer.class, ProducerConsumer::main),
            new Sample("A concurrent prime sieve", "Go's sieve.go: a daisy chain of filter goroutines",
                    PrimeSieve.class, PrimeSieve::main),
            new Sample("Context timeout", "context.WithTimeout cancels a tree of goroutines",
                    ContextTimeout.class, ContextTimeout::main),
            new Sample("errgroup with a limit", "g.SetLimit(8); 1,000 tasks, one fails",
                    ErrGroupLimit.class, ErrGroupLimit::main),
            new Sample("Recovering a panic", "defer func() { recover() }() at a goroutine boundary",
                    RecoverPanic.class, RecoverPanic::main),
            new Sample("A mutex", "sync.Mutex: fifty goroutines share a counter, and race mode finds no race",
                    MutexCounter.class, MutexCounter::main),
            new Sample("Deadlock", "fatal error: all goroutines are asleep - deadlock!",
                    Deadlock.class, Deadlock::main),
            new Sample("Goroutine leak", "caught by runtime.NumGoroutine()",
                    GoroutineLeak.class, GoroutineLeak::main),
            new Sample("Google Search 3.0", "replicas, the first answer wins, one timeout for the whole search",
                    GoogleSearch.class, GoogleSearch::main),
            new Sample("100,000 goroutines", "a chain of goroutines whispering over channels",
                    Whispers.class, Whispers::main),
            new Sample("An HTTP server", "go handle(conn) for every connection, on dev.weft.net",
                    HelloHttp.class, HelloHttp::main));

    static final String INDENT = "      ";

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        out.println("A tour of weft: Go's concurrency patterns, in Java, on goroutines.");
        for (int i = 0; i < SAMPLES.size(); i++) {
            Sample s = SAMPLES.get(i);
            out.println();
            out.printf("%2d. %s  (%s)%n", i + 1, s.title(), s.type().getSimpleName());
            out.println("    " + s.idiom());
            out.println();
            PrintStream indented = new PrintStream(new Indenting(out, INDENT), true);
            System.setOut(indented);
            try {
                s.main().main(args);
            } finally {
                indented.flush();
                System.setOut(out);
            }
        }
        out.println();
        out.println("That was all " + SAMPLES.size() + " samples. Each is a program of its own in dev.weft.samples:");
        out.println("read its source, or run it alone with its class name in place of Tour.");
    }

    /** Writes what it is given to {@code out}, with {@code indent} at the start of every line. */
    static final class Indenting extends FilterOutputStream {
        private final byte[] indent;
        private boolean lineStart = true;

        Indenting(OutputStream out, String indent) {
            super(out);
            this.indent = indent.getBytes();
        }

        @Override
        public void write(int b) throws IOException {
            if (lineStart && b != '\n' && b != '\r') {
                out.write(indent);
            }
            out.write(b);
            lineStart = b == '\n';
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // never closes System.out
        }
    }
}
