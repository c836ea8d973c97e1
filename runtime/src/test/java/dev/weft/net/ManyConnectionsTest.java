package dev.weft.net;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.weft.Go;
import dev.weft.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten thousand loopback connections open at once, each served by a goroutine of its own, on
 * a few carrier threads. Both ends live in this JVM, so each connection costs two file
 * descriptors: where the descriptor limit is too low for 20,000 more, the test opens as many as
 * it allows (and prints the count), since a JVM cannot raise its own hard limit.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManyConnectionsTest {

    private static int connections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount() - 200; // jars, sockets of other tests
            return (int) Math.min(10_000, free / 2);
        }
        return 10_000;
    }

    @Test
    void upToTenThousandConcurrentConnections_eachEchoesWhileAllAreOpen() {
        int n = connections();
        System.out.println("ManyConnectionsTest: " + n + " concurrent loopback connections");
        assertTrue(n >= 1000, "only " + n + " connections fit under the file-descriptor limit");
        AtomicInteger served = new AtomicInteger();
        AtomicLong echoed = new AtomicLong();
        long start = System.nanoTime();
        Within.call(Duration.ofSeconds(150), () -> {
            Go.run(() -> {
                try (Listener l = Net.listen("127.0.0.1:0")) {
                    String address = "127.0.0.1:" + l.address().getPort();
                    WaitGroup allOpen = new WaitGroup();
                    WaitGroup clientsDone = new WaitGroup();
                    allOpen.add(n);
                    clientsDone.add(n);
                    Go.go(() -> {
                        for (int i = 0; i < n; i++) {
                            Conn c = l.accept();
                            Go.go(() -> {
                                try (c) {
                                    byte[] b = new byte[64];
                                    for (int k; (k = c.read(b, 0, b.length)) > 0; ) {
                                        c.write(b, 0, k);
                                    }
                                }
                                served.incrementAndGet();
                            });
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        int id = i;
                        Go.go(() -> {
                            try (Conn c = Net.dial(address)) {
                                allOpen.done();
                                allOpen.await(); // every connection is open at once
                                byte[] msg = NetTest.bytes("conn " + id);
                                c.write(msg, 0, msg.length);
                                byte[] back = NetTest.readN(c, msg.length);
                                assertEquals(new String(msg), new String(back));
                                echoed.incrementAndGet();
                            }
                            clientsDone.done();
                        });
                    }
                    clientsDone.await();
                }
            });
            return null;
        });
        assertEquals(n, echoed.get());
        System.out.println("ManyConnectionsTest: " + n + " connections opened, echoed and closed in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
