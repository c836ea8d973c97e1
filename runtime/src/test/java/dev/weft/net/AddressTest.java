package dev.weft.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad, unresolvable and refused addresses, and ports in use: an IOException naming the address. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AddressTest {

    private static void assertNames(IOException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" lacks \"" + part + "\"");
        }
    }

    @Test
    void badAddresses_areRejectedWithTheAddressAndWhatIsWrong() {
        Within.run(() -> {
            assertNames(Expect.thrown(IOException.class, () -> Net.listen("127.0.0.1")), "listen tcp 127.0.0.1", "missing port");
            assertNames(Expect.thrown(IOException.class, () -> Net.dial("127.0.0.1:http")), "dial tcp 127.0.0.1:http", "invalid port");
            assertNames(Expect.thrown(IOException.class, () -> Net.dial("127.0.0.1:65536")), "127.0.0.1:65536", "invalid port");
            assertNames(Expect.thrown(IOException.class, () -> Net.listen("127.0.0.1:-1")), "127.0.0.1:-1", "invalid port");
            assertNames(Expect.thrown(IOException.class, () -> Net.dial("::1:80")), "::1:80", "too many colons");
        });
    }

    @Test
    void unresolvableHost_namesTheAddress() {
        Within.run(() -> {
            // .invalid never resolves (RFC 6761)
            IOException e = Expect.thrown(IOException.class, () -> Net.dial("no-such-host.invalid:80"));
            assertNames(e, "dial tcp no-such-host.invalid:80", "no such host");
        });
    }

    @Test
    void refusedConnection_namesTheAddress() {
        Within.run(() -> {
            int port;
            try (Listener l = Net.listen("127.0.0.1:0")) {
                port = l.address().getPort(); // free once closed: nobody listens there
            }
            String address = "127.0.0.1:" + port;
            IOException e = Expect.thrown(IOException.class, () -> Net.dial(address));
            assertNames(e, "dial tcp " + address, "refused");
        });
    }

    @Test
    void portInUse_namesTheAddress_andIsFreeAgainAfterClose() {
        Within.run(() -> {
            Listener l = Net.listen("127.0.0.1:0");
            String address = "127.0.0.1:" + l.address().getPort();
            IOException e = Expect.thrown(IOException.class, () -> Net.listen(address));
            assertNames(e, "listen tcp " + address, "in use");
            l.close();
            try (Listener again = NetTest.eventuallyListen(address)) {
                assertTrue(again.address().getPort() == l.address().getPort());
            }
        });
    }

    @Test
    void ipv6Literal_inBrackets_isAccepted() {
        Within.run(() -> {
            Listener l;
            try {
                l = Net.listen("[::1]:0");
            } catch (IOException e) {
                return; // no IPv6 loopback on this machine: nothing to check
            }
            try (l; Conn c = Net.dial("[::1]:" + l.address().getPort()); Conn s = l.accept()) {
                assertTrue(s.remoteAddress().getAddress() instanceof java.net.Inet6Address);
                c.close();
            }
        });
    }
}
