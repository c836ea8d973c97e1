/**
 * weft's public API: Go's goroutines, channels, {@code select}, {@code sync}, {@code context},
 * {@code errgroup} and timers, for Java.
 *
 * <p>Start a program with {@link dev.weft.Go#run Go.run} (Go's {@code main}) and goroutines with
 * {@link dev.weft.Go#go Go.go}; talk between them over a {@link dev.weft.Chan} (handed on as a
 * {@link dev.weft.RecvChan} or {@link dev.weft.SendChan} to code that only receives or only
 * sends) and wait on several with {@link dev.weft.Select}; share state with {@link dev.weft.Mutex}, {@link dev.weft.RWMutex},
 * {@link dev.weft.WaitGroup}, {@link dev.weft.Once}, {@link dev.weft.Cond} and
 * {@link dev.weft.Semaphore}; cancel work with a {@link dev.weft.Context}; wait for a group of
 * tasks with {@link dev.weft.ErrGroup}; and wait for time with {@link dev.weft.Time}.
 *
 * <p>Every blocking operation here is {@link dev.weft.Suspendable @Suspendable}: inside a goroutine
 * it parks the goroutine and frees its carrier thread, provided every frame between the
 * operation and the goroutine's entry was rewritten by weft's instrumenter (the agent or a
 * build plugin); otherwise the goroutine pins its carrier, which is slower but never wrong
 * ({@link dev.weft.PinnedError} in strict mode). Called from a plain Java thread, the same
 * operation blocks that thread with the same meaning.
 *
 * <p>This package is the whole public API of the runtime: everything under
 * {@code dev.weft.internal} may change in any release. The architecture, the semantics the
 * contract pins down and what is planned for later releases are in
 * <a href="../../../../../../docs/architecture.md">docs/architecture.md</a> at the root of the
 * repository.
 */
package dev.weft;
