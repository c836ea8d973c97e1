package dev.weft.internal.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses and resolves Go's {@code host:port} addresses ({@code net.SplitHostPort}): a host name
 * or IP literal (an IPv6 literal in brackets, {@code [::1]:80}), a colon, and a decimal port
 * 0-65535. An empty host means every local address to a listener and the loopback address to a
 * dialer, as in Go. Every failure is an {@code IOException} that starts with the operation and
 * the address, as Go's {@code net.OpError} does: {@code dial tcp host:port: ...}.
 *
 * <p>Resolving a host name blocks the calling carrier for the lookup, as the JDK resolver does;
 * literals and {@code localhost} resolve without a network round trip.
 */
final class Addresses {
    private Addresses() {}

    /** The socket address {@code address} names, for {@code op} ("dial" or "listen"). */
    static InetSocketAddress resolve(String op, String address) throws IOException {
        if (address == null) {
            throw new NullPointerException(op + ": address is null");
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw error(op, address, "missing port in address (want host:port, such as 127.0.0.1:8080)");
        }
        String host = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw error(op, address, "too many colons in address (write an IPv6 host in brackets, such as [::1]:8080)");
        }
        int port = parsePort(portText);
        if (port < 0) {
            throw error(op, address, "invalid port \"" + portText + "\" (want a number from 0 to 65535)");
        }
        if (host.isEmpty()) {
            return op.equals("listen") ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw error(op, address, "lookup " + host + ": no such host", e);
        }
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }

    static IOException error(String op, String address, String detail) {
        return new IOException(op + " tcp " + address + ": " + detail);
    }

    static IOException error(String op, String address, String detail, Throwable cause) {
        return new IOException(op + " tcp " + address + ": " + detail, cause);
    }

    /** What an I/O failure says, for a message: the JDK's message, else its class. */
    static String describe(IOException e) {
        String m = e.getMessage();
        return m != null ? m : e.getClass().getSimpleName();
    }
}
