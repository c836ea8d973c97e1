/**
 * The {@code -javaagent}, not API: the premain, the option parser, the include/exclude globs, the
 * one class-file transformer, and the flight recording the {@code jfr=} option starts. Its
 * contract is the command line ({@code -javaagent:weft-agent.jar[=options]}) and the options the
 * README lists, not these classes, which may change in any release.
 */
package dev.weft.agent;
