/**
 * Continuations, not API: the primitive goroutines are made of. A {@code Continuation} runs a
 * body until it parks, by unwinding its rewritten frames into a {@code FrameStack}, and resumes
 * it by re-invoking them; a park that cannot unwind pins its thread instead ({@code Pinning}
 * explains why, and throws {@link dev.weft.PinnedError} in strict mode).
 *
 * <p>The public members here are the resume protocol that woven code calls, whose names the
 * instrumenter keeps in its {@code Names}; they are public only so that woven classes in any
 * package can reach them. Nothing here is API: it may change in any release, together with the
 * instrumenter that generates the calls.
 */
package dev.weft.internal.cont;
