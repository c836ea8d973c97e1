/**
 * Goroutine-aware TCP, Go's {@code net}: {@link dev.weft.net.Net#listen listen},
 * {@link dev.weft.net.Net#dial dial}, a {@link dev.weft.net.Listener} that accepts and a
 * {@link dev.weft.net.Conn} that reads and writes, with Go's deadlines and close semantics.
 *
 * <p>A goroutine that waits on a socket parks and frees its carrier; one poller thread
 * ({@code weft-netpoll}, over a java.nio {@code Selector}) wakes it when the socket is ready, so
 * a server holds a goroutine per connection, not a thread. A goroutine waiting on a socket keeps
 * its run from being declared deadlocked, since the peer may still act. Called from a plain Java
 * thread, each operation blocks that thread with the same meaning.
 *
 * <p>{@link dev.weft.net.ConnReader} and {@link dev.weft.net.ConnWriter} buffer a connection,
 * for line-based protocols, and park rather than pin, so a parser built on them stays
 * suspendable. As in Go, these types do not synchronize goroutines for race mode.
 */
package dev.weft.net;
