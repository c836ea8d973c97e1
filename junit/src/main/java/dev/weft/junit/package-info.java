/**
 * weft for JUnit 5: {@link dev.weft.junit.VerifyNoLeaks @VerifyNoLeaks}, Uber's goleak for
 * goroutines. A test that leaves goroutines running fails, naming each one with its dump entry
 * (wait reason, stack, {@code created by} site), and a test that times out prints the goroutine
 * dump. {@link dev.weft.junit.GoroutineLeakExtension} is the extension behind the annotation,
 * for registering in code.
 *
 * <p>The public API is these two types; the rest of the package is their implementation, built
 * on what the runtime shows tools of its live goroutines ({@code dev.weft.internal.sched.Goroutines}).
 */
package dev.weft.junit;
