/**
 * The runtime's JFR events (category weft: goroutine start, end, park, pinned, deadlock, and a
 * periodic scheduler sample) and the {@code Recorder} that emits them, cheaply when they are off.
 * Not API: the event names and fields are what a recording shows, but these classes may change
 * in any release.
 */
package dev.weft.internal.jfr;
