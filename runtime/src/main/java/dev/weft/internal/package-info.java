/**
 * The runtime's implementation, not API: nothing under {@code dev.weft.internal} is meant to be
 * used by programs, and any of it may change in any release. Program against {@code dev.weft}.
 *
 * <p>This package holds {@link dev.weft.internal.Tunables}, the one place that reads the
 * runtime's {@code weft.*} system properties. Its subpackages: {@code cont} (continuations: the
 * frame stack and the resume protocol that rewritten code calls), {@code sched} (the G-M-P
 * scheduler, parking, timers, deadlock detection, dumps), {@code context} (the {@code Context}
 * implementations) and {@code jfr} (the JFR events). The agent's relocated ASM lives in
 * {@code dev.weft.internal.asm} inside the agent and Gradle plugin jars. {@code runtime/HACKING.md}
 * says how these parts fit together.
 */
package dev.weft.internal;
