/**
 * {@code java -jar weft-agent.jar trace REC.jfr}: a flight recording of a weft program as one
 * self-contained HTML page, in the spirit of {@code go tool trace}. {@code TraceCommand} is the
 * command line, {@code TraceReader} streams the recording into a bounded {@code Trace} (with
 * {@code Timeline}, {@code GoroutineTable}, {@code Earliest}, {@code BlockingProfile} and
 * {@code LiveAtEnd}, which {@code Chunks} tells the recording's last chunk), and {@code
 * TracePage} writes it into the page's template (the resources {@code trace.html}, {@code
 * trace.css} and {@code trace.js} beside these classes). Not API: its contract is the command
 * line and the page, not these classes. Run standalone, never inside an application, so it may
 * use all of the JDK's {@code jdk.jfr.consumer}.
 */
package dev.weft.agent.trace;
