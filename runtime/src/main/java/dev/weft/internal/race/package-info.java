/**
 * Race mode's runtime: a happens-before data-race detector after FastTrack (Flanagan and
 * Freund, PLDI 2009), with Go's race detector's rules and report.
 *
 * <p>Every goroutine and every plain Java thread the detector meets is an {@link Actor} with a
 * vector clock. Every object the program accesses or synchronizes on has a {@link Shadow}, kept
 * in a weak identity table ({@link ShadowTable}) so that the detector never keeps an object
 * alive: the shadow holds one {@link VarState} per tracked field or array element (the last
 * write's epoch, the last read's epoch or a read clock) and the clocks of the object used as a
 * synchronizer. Instrumented application code calls {@link Accesses}; weft's own channels,
 * locks and groups call {@link Sync}; application calls into the JDK's synchronizers go through
 * {@link JdkSync}. A race is reported by {@link Reports} in Go's shape.
 *
 * <p>Nothing here runs unless {@link RaceMode#ENABLED}: every hook in weft's hot paths is
 * behind that constant, which the JIT folds away without the agent's {@code race} option.
 */
package dev.weft.internal.race;
