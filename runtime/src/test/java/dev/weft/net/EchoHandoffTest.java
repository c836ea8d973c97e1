package dev.weft.net;

import dev.weft.Go;
import dev.weft.WaitGroup;
import dev.weft.internal.sched.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goroutines busy on sockets hold their carriers only for weft's own short waits (the
 * selector's locks, while it applies interest changes), which are no blocking call: the monitor
 * hands no P off for them. It did once for every wait it happened to see, starting carriers by
 * the hundred a second under an echo load.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EchoHandoffTest {
    private static final int CONNECTIONS = 1_000;
    private static final int ROUND_TRIPS = 50;

    @Test
    void echoOverManyConnections_costsNoHandOffs() {
        long before = Scheduler.get().retakes();
        Within.call(Duration.ofSeconds(100), () -> {
            Go.run(() -> {
                try (Listener l = Net.listen("127.0.0.1:0")) {
                    String address = "127.0.0.1:" + l.address().getPort();
                    WaitGroup clients = new WaitGroup();
                    clients.add(CONNECTIONS);
                    Go.go(() -> {
                        for (int i = 0; i < CONNECTIONS; i++) {
                            Conn c = l.accept();
                            Go.go(() -> {
                                try (c) {
                                    byte[] b = new byte[64];
                                    for (int k; (k = c.read(b, 0, b.length)) > 0; ) {
                                        c.write(b, 0, k);
                                    }
                                }
                            });
                        }
                    });
                    for (int i = 0; i < CONNECTIONS; i++) {
                        byte[] msg = new byte[32];
                        Arrays.fill(msg, (byte) i);
                        Go.go(() -> {
                            try (Conn c = Net.dial(address)) {
                                for (int t = 0; t < ROUND_TRIPS; t++) {
                                    c.write(msg, 0, msg.length);
                                    assertArrayEquals(msg, NetTest.readN(c, msg.length));
                                }
                            }
                            clients.done();
                        });
                    }
                    clients.await();
                }
                return null;
            });
            return null;
        });
        long retakes = Scheduler.get().retakes() - before;
        // A carrier descheduled for a few milliseconds on a loaded machine may still cost one.
        assertTrue(retakes <= 20, retakes + " Ps handed off during " + CONNECTIONS * ROUND_TRIPS + " round trips");
    }
}
