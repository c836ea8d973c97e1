package dev.weft.samples.apps;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.Select;
import dev.weft.Suspendable;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * A program for {@code DumpIT} to be dumped while it waits: four goroutines parked for good, one
 * in each of {@link #receiving} (a channel receive), {@link #selecting} (a select),
 * {@link #locking} (a {@link Mutex} that main holds) and {@link #sleeping} (an hour's
 * {@code Go.sleep}), so that a dump shows each wait reason with a frame of this program's own.
 * Once all four are parked it reads its own {@code dev.weft:type=Runtime} MBean and prints what
 * it answers: a line {@code mbean NAME=VALUE} per attribute read (some under both spellings),
 * then the dump operation's text between {@value #MBEAN_DUMP} and {@value #MBEAN_DUMP_END}.
 * Then it prints {@value #READY} and waits until its stdin is closed, and exits 0.
 *
 * <p>Main waits parked on a channel that a plain thread closes at the end of stdin; the sleeper's
 * timer keeps that from being a deadlock. Every wait for the runtime is bounded by
 * {@link #LIMIT}: a program that cannot get ready fails instead of hanging.
 */
public final class ParkedFour {
    public static final String READY = "ready";
    public static final String MBEAN_DUMP = "mbean dump:";
    public static final String MBEAN_DUMP_END = "mbean dump end";
    /** Read from the MBean, in this order: DESIGN's names, and two of them capitalized as an MXBean's would be. */
    public static final List<String> MBEAN_ATTRIBUTES = List.of(
            "numGoroutine", "NumGoroutine", "maxProcs", "running", "runnable", "waiting", "Waiting", "pinned");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private ParkedFour() {}

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> never = Chan.make();
            Chan<String> neither = Chan.make();
            Mutex held = new Mutex();
            held.lock();
            Go.go(() -> receiving(never));
            Go.go(() -> selecting(never, neither));
            Go.go(() -> locking(held));
            Go.go(ParkedFour::sleeping);
            awaitParked();
            printMBean();
            System.out.println(READY);
            Chan<String> stdinClosed = Chan.make();
            Thread reader = new Thread(() -> {
                try {
                    System.in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // stdin is gone: as good as closed
                }
                stdinClosed.close();
            }, "stdin");
            reader.setDaemon(true);
            reader.start();
            stdinClosed.recv();
        });
    }

    @Suspendable
    static void receiving(Chan<String> c) {
        c.recv();
    }

    @Suspendable
    static void selecting(Chan<String> a, Chan<String> b) {
        Select.select(a.onRecv(), b.onRecv());
    }

    @Suspendable
    static void locking(Mutex m) {
        m.lock();
    }

    @Suspendable
    static void sleeping() {
        Go.sleep(Duration.ofHours(1));
    }

    /** Until the dump shows a goroutine parked in each of the four waits. */
    @Suspendable
    private static void awaitParked() {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String dump;
        while (!((dump = Go.dump()).contains(" [chan receive]:") && dump.contains(" [select]:")
                && dump.contains(" [sync.Mutex.Lock]:") && dump.contains(" [sleep]:"))) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the four goroutines did not park within " + LIMIT + ":\n" + dump);
            }
            Go.sleep(Duration.ofMillis(10));
        }
    }

    /** Prints what the MBean answers, once it is registered (within seconds of the platform MBean server's creation). */
    @Suspendable
    private static void printMBean() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.weft:type=Runtime");
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!server.isRegistered(name)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " was not registered within " + LIMIT);
            }
            Go.sleep(Duration.ofMillis(10));
        }
        for (String attribute : MBEAN_ATTRIBUTES) {
            System.out.println("mbean " + attribute + "=" + server.getAttribute(name, attribute));
        }
        System.out.println(MBEAN_DUMP);
        System.out.print(server.invoke(name, "dump", null, null));
        System.out.println(MBEAN_DUMP_END);
    }
}
