package dev.weft.samples;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.weft.samples.ChildJvm.agent;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the tests of a sample server share: one server for the whole class, the sample under
 * the agent in strict mode (a park that would pin is an error) in a child JVM on a loopback
 * port, which must stop cleanly after the class's tests, having printed nothing on stderr.
 * Every test is bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class SampleServerIT {
    /** The server of the class's tests. */
    ServerJvm server;

    /** The sample server the class tests. */
    abstract Class<?> program();

    /** Starts another server of the same sample, in {@code dir}. */
    ServerJvm startServer(Path dir) throws Exception {
        return ServerJvm.start(dir, program(), agent("strict"));
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = startServer(dir);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            server.stopAndAssertClean();
        } finally {
            server.close();
        }
    }

    /** One client of {@link #atOnce}: given its number, it does its exchanges and fails by throwing. */
    @FunctionalInterface
    interface Client {
        void run(int id) throws Exception;
    }

    /** Runs {@code clients} clients at once, each on a thread of its own, and waits (bounded) for all to succeed. */
    static void atOnce(int clients, Client client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                done.add(pool.submit(() -> {
                    client.run(id);
                    return 1;
                }));
            }
            int succeeded = 0;
            for (Future<Integer> f : done) {
                succeeded += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals(clients, succeeded);
        } finally {
            pool.shutdownNow();
        }
    }
}
