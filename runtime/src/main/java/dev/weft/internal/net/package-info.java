/**
 * The netpoller behind {@code dev.weft.net}, not API: one poller thread over a java.nio
 * {@code Selector} ({@code Netpoll}), the per-socket readiness state goroutines park on
 * ({@code PollDesc}, Go's {@code pollDesc}), address parsing, and the TCP connection and
 * listener the public interfaces are implemented by.
 *
 * <p>The public members here serve {@code dev.weft.net}; programs must not call them, and any of
 * them may change in any release.
 */
package dev.weft.internal.net;
