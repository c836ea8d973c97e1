/**
 * The scheduler, not API: Go's G-M-P design (goroutines, carrier threads, processors), the run
 * queues, how operations park and wake ({@code Parking}, {@code Waiter}, {@code WaitQueue}), the
 * timer heaps, the monitor thread (Go's {@code sysmon}), deadlock detection, panic reports and
 * goroutine dumps.
 *
 * <p>The public members here serve the {@code dev.weft} classes in the other package; programs
 * must not call them, and any of them may change in any release. {@code runtime/HACKING.md}
 * describes what parks, pins and blocks, the lock order and the deadlock-accounting protocol.
 */
package dev.weft.internal.sched;
