package dev.weft;

import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Select with case objects ({@link Select.RecvCase}) and nil channels, against the semantics
 * Go's {@code src/runtime/chan_test.go} and {@code select_test.go} rely on and the spec states:
 * a case on a nil channel is never ready and never chosen (the default, or a ready case, is
 * taken instead); a select of nil cases only, without a default, blocks forever as
 * {@code select {}} does, but shows as {@code [select]}; a case turned off in place by making its
 * channel nil (Effective Go's buffering loop) loses nothing and reorders nothing. A receive case
 * answers {@code v, ok := <-c} once chosen, and only then; one case object serves a whole loop
 * of selects; a select in a {@code switch} can {@code return} and {@code break} out of its loop
 * (A Tour of Go's fibonacci). Uniform choice among ready cases (TestSelectFairness) holds with
 * nil cases among them.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectCasesTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    /** Go's {@code var c chan int}: a receive case that is never ready. */
    private static <T> Select.RecvCase<T> nilRecv() {
        return Select.onRecv((RecvChan<T>) null);
    }

    /** Go's {@code var c chan<- int; c <- v}: a send case that is never ready. */
    private static <T> Select.Case nilSend() {
        return Select.onSend((SendChan<T>) null, null);
    }

    // ---- nil channels ----------------------------------------------------------------------

    @Test
    void nilCases_withADefault_theDefaultIsTaken() {
        Go.run(() -> {
            for (int k = 0; k < 100; k++) {
                int[] ran = {0};
                int i = Select.select(nilRecv(), nilSend(), Select.onDefault(() -> ran[0]++), nilRecv());
                assertEquals(2, i, "round " + k + ": a nil channel's case was chosen over the default");
                assertEquals(1, ran[0]);
            }
        });
    }

    @Test
    void nilCases_besideAReadyCase_theReadyCaseIsAlwaysChosen() {
        Chan<Integer> c = Chan.make(1);
        Go.run(() -> {
            Select.RecvCase<Integer> fromC = c.onRecv();
            for (int k = 0; k < 200; k++) {
                c.send(k);
                int i = Select.select(nilRecv(), nilSend(), fromC, nilRecv(), nilSend());
                assertEquals(2, i, "round " + k + ": a nil channel's case was chosen");
                assertEquals(k, fromC.value());
            }
        });
    }

    @Test
    void nilCases_besideACaseThatIsNotReadyYet_theSelectParksUntilThatCaseIsReady() {
        Chan<Integer> c = Chan.make();
        Chan<String> result = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> {
                Select.RecvCase<Integer> fromC = c.onRecv();
                int i = Select.select(nilSend(), fromC, nilRecv());
                result.send(i + ":" + fromC.value());
            });
            Dumps.awaitParked("select", SelectCasesTest.class, 1);
            c.send(42);
            assertEquals("1:42", result.recv());
        });
    }

    @Test
    void onlyNilCases_noDefault_blocksForever_shownAsSelect_notAsSelectWithNoCases() {
        Chan<String> after = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> {
                Select.select(nilRecv(), nilSend());
                after.send("the select of nil channels returned");
            });
            Dumps.awaitParked("select", SelectCasesTest.class, 1);
            assertEquals(0, Dumps.count("select (no cases)", SelectCasesTest.class),
                    "a select with cases on nil channels is Go's [select], not select {}");
            assertNull(after.tryRecv());
        });
    }

    @Test
    void onlyNilCases_asMainsOnlyWait_isADeadlock() {
        DeadlockException e = assertThrows(DeadlockException.class, () -> Bounded.run(() -> {
            Select.select(nilRecv(), nilSend(), nilRecv());
            fail("the select of nil channels returned");
        }));
        String m = e.getMessage();
        assertTrue(m.startsWith("all goroutines are asleep - deadlock!"), m);
        assertTrue(m.contains("[select]"), "main is shown parked in [select]:\n" + m);
        assertFalse(m.contains("select (no cases)"), m);
    }

    @Test
    void onSend_nullChannelWithNullValue_isAllowed_butARealChannelRefusesNull() {
        Select.Case never = Select.onSend((SendChan<Integer>) null, null);
        assertNotNull(never);
        assertEquals(1, Go.run(() -> Select.select(never, Select.onDefault(null))));
        Chan<Integer> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> Select.onSend(c, null));
        assertThrows(NullPointerException.class, () -> c.onSend(null));
        assertThrows(NullPointerException.class, () -> c.onSend(null, () -> { }));
        assertEquals(0, c.len(), "nothing was sent");
    }

    // ---- a case turned off in place ----------------------------------------------------------

    /**
     * Effective Go's unbounded buffer between two channels: the send case is on only while
     * something is pending ({@code var send chan<- int; if len(pending) > 0 { send = out }}), and
     * the receive case is turned off for good once {@code in} is closed.
     */
    @Suspendable
    private static void buffer(RecvChan<Integer> in, SendChan<Integer> out) {
        ArrayDeque<Integer> pending = new ArrayDeque<>();
        while (in != null || !pending.isEmpty()) {
            SendChan<Integer> send = pending.isEmpty() ? null : out;
            Select.RecvCase<Integer> next = Select.onRecv(in);
            switch (Select.select(next, Select.onSend(send, pending.peekFirst()))) {
                case 0 -> {
                    if (next.ok()) {
                        pending.addLast(next.value());
                    } else {
                        in = null;
                    }
                }
                case 1 -> pending.removeFirst();
                default -> throw new AssertionError("no such case");
            }
        }
        out.close();
    }

    @Test
    void bufferingLoop_casesTurnedOffByNilChannels_deliversEverythingInOrder() {
        List<Integer> got = SystemProperty.with("weft.strict", "true", () -> Go.run(() -> {
            Chan<Integer> in = Chan.make();
            Chan<Integer> out = Chan.make();
            Go.go(() -> buffer(in, out));
            List<Integer> received = new ArrayList<>();
            // Nobody receives from out yet: every send still completes, so the buffer's send
            // case was off while it had nothing, and its receive case on throughout.
            for (int v = 0; v < 100; v++) {
                in.send(v);
            }
            for (int k = 0; k < 50; k++) {
                received.add(out.recv());
            }
            for (int v = 100; v < 200; v++) {
                in.send(v);
            }
            in.close();
            for (Integer v : out) {
                received.add(v);
            }
            return received;
        }));
        List<Integer> expected = new ArrayList<>();
        for (int v = 0; v < 200; v++) {
            expected.add(v);
        }
        assertEquals(expected, got);
    }

    // ---- what a receive case answers -----------------------------------------------------

    @Test
    void recvCase_valueAndOk_throwBeforeAnySelectChoseIt() {
        Chan<Integer> c = Chan.make(1);
        c.send(1);
        Select.RecvCase<Integer> fromC = c.onRecv();
        assertThrows(IllegalStateException.class, fromC::value);
        assertThrows(IllegalStateException.class, fromC::ok);
        Select.RecvCase<Integer> fromNil = nilRecv();
        assertThrows(IllegalStateException.class, fromNil::value);
        assertThrows(IllegalStateException.class, fromNil::ok);
        Go.run(() -> {
            assertEquals(0, Select.select(fromC, fromNil));
            assertThrows(IllegalStateException.class, fromNil::value, "a nil channel's case is never chosen");
            assertThrows(IllegalStateException.class, fromNil::ok);
        });
    }

    @Test
    void recvCase_afterALaterSelectChoseAnotherCase_throwsAgain() {
        Chan<Integer> c = Chan.make(1);
        Chan<Integer> other = Chan.make(1);
        Go.run(() -> {
            Select.RecvCase<Integer> fromC = c.onRecv();
            c.send(5);
            assertEquals(0, Select.select(fromC));
            assertEquals(5, fromC.value());
            assertTrue(fromC.ok());

            assertEquals(1, Select.select(fromC, Select.onDefault(null)), "c is empty: the default");
            assertThrows(IllegalStateException.class, fromC::value, "the last select did not choose it");
            assertThrows(IllegalStateException.class, fromC::ok);

            c.send(6);
            assertEquals(0, Select.select(fromC));
            assertEquals(6, fromC.value());
            other.send(7);
            Select.RecvCase<Integer> fromOther = other.onRecv();
            assertEquals(1, Select.select(fromC, fromOther), "only other is ready");
            assertEquals(7, fromOther.value());
            assertThrows(IllegalStateException.class, fromC::value, "what it received two selects ago is gone");
        });
    }

    @Test
    void recvCase_onAClosedChannel_drainsTheBufferWithOkTrue_thenValueNullAndOkFalse() {
        // v, ok := <-c: buffered values still come with ok true after close.
        Chan<Integer> c = Chan.make(2);
        c.send(1);
        c.send(2);
        c.close();
        Go.run(() -> {
            Select.RecvCase<Integer> fromC = c.onRecv();
            for (int expected = 1; expected <= 2; expected++) {
                assertEquals(0, Select.select(fromC, Select.onDefault(null)));
                assertTrue(fromC.ok());
                assertEquals(expected, fromC.value());
            }
            for (int k = 0; k < 3; k++) {
                assertEquals(0, Select.select(fromC, Select.onDefault(null)), "a closed channel is always ready");
                assertFalse(fromC.ok());
                assertNull(fromC.value());
            }
        });
    }

    @Test
    void recvCases_reusedAcrossALoopOfSelects_eachValueOnceInOrder_untilBothChannelsAreTurnedOff() {
        int n = 300;
        List<Integer>[] got = Go.run(() -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make(3);
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    a.send(i);
                }
                a.close();
            });
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    b.send(-i);
                }
                b.close();
            });
            List<Integer> fromA = new ArrayList<>();
            List<Integer> fromB = new ArrayList<>();
            Select.RecvCase<Integer> caseA = a.onRecv();
            Select.RecvCase<Integer> caseB = b.onRecv();
            int open = 2;
            while (open > 0) {
                switch (Select.select(caseA, caseB)) {
                    case 0 -> {
                        assertThrows(IllegalStateException.class, caseB::value, "b's case was not chosen");
                        if (caseA.ok()) {
                            fromA.add(caseA.value());
                        } else {
                            caseA = nilRecv(); // a = nil
                            open--;
                        }
                    }
                    case 1 -> {
                        assertThrows(IllegalStateException.class, caseA::value, "a's case was not chosen");
                        if (caseB.ok()) {
                            fromB.add(caseB.value());
                        } else {
                            caseB = nilRecv();
                            open--;
                        }
                    }
                    default -> throw new AssertionError("no such case");
                }
            }
            @SuppressWarnings("unchecked")
            List<Integer>[] both = new List[] {fromA, fromB};
            return both;
        });
        for (int i = 0; i < n; i++) {
            assertEquals(i, got[0].get(i), "from a, position " + i);
            assertEquals(-i, got[1].get(i), "from b, position " + i);
        }
        assertEquals(n, got[0].size());
        assertEquals(n, got[1].size());
    }

    // ---- branches that leave the loop ------------------------------------------------------

    /** A Tour of Go's fibonacci: {@code case c <- x: x, y = y, x+y; case <-quit: return}. */
    @Suspendable
    private static int fibonacci(SendChan<Integer> c, RecvChan<Integer> quit) {
        int x = 0;
        int y = 1;
        int sent = 0;
        Select.RecvCase<Integer> quitCase = quit.onRecv();
        while (true) {
            switch (Select.select(c.onSend(x), quitCase)) {
                case 0 -> {
                    int next = x + y;
                    x = y;
                    y = next;
                    sent++;
                }
                case 1 -> {
                    return sent;
                }
                default -> throw new AssertionError("no such case");
            }
        }
    }

    /** The same loop left with a labelled {@code break} instead of a {@code return}. */
    @Suspendable
    private static List<Integer> fibonacciUntilQuit(SendChan<Integer> c, RecvChan<Integer> quit) {
        List<Integer> sent = new ArrayList<>();
        int x = 0;
        int y = 1;
        Select.RecvCase<Integer> quitCase = quit.onRecv();
        loop:
        while (true) {
            switch (Select.select(quitCase, c.onSend(x))) {
                case 0 -> {
                    break loop;
                }
                case 1 -> {
                    sent.add(x);
                    int next = x + y;
                    x = y;
                    y = next;
                }
                default -> throw new AssertionError("no such case");
            }
        }
        return sent;
    }

    private static final List<Integer> FIRST_TEN = List.of(0, 1, 1, 2, 3, 5, 8, 13, 21, 34);

    @Test
    void fibonacci_selectLoopReturningFromABranch_producesTheExactSequence() {
        List<Integer> printed = Collections.synchronizedList(new ArrayList<>());
        int sent = SystemProperty.with("weft.strict", "true", () -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Chan<Integer> quit = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 10; i++) {
                    printed.add(c.recv());
                }
                quit.send(0);
            });
            return fibonacci(c, quit);
        }));
        assertEquals(FIRST_TEN, printed);
        assertEquals(10, sent, "one send per value received, none after quit");
    }

    @Test
    void fibonacci_selectLoopLeftByALabelledBreak_producesTheExactSequence() {
        List<Integer> printed = Collections.synchronizedList(new ArrayList<>());
        List<Integer> sent = SystemProperty.with("weft.strict", "true", () -> Go.run(() -> {
            Chan<Integer> c = Chan.make();
            Chan<Integer> quit = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < 10; i++) {
                    printed.add(c.recv());
                }
                quit.close();
            });
            return fibonacciUntilQuit(c, quit);
        }));
        assertEquals(FIRST_TEN, printed);
        assertEquals(FIRST_TEN, sent);
    }

    // ---- fairness ------------------------------------------------------------------------

    @Test
    void readyCases_amongNilCases_areChosenUniformly_andNoNilCaseEver() {
        // TestSelectFairness with three ready channels and nil cases between them: each ready
        // case should win a third of the trials; 10 standard deviations is a generous bound.
        int trials = 3_000;
        int[] counts = Go.run(() -> {
            Chan<Integer> c1 = Chan.make(trials);
            Chan<Integer> c2 = Chan.make(trials);
            Chan<Integer> c3 = Chan.make(trials);
            for (int i = 0; i < trials; i++) {
                c1.send(1);
                c2.send(2);
                c3.send(3);
            }
            Select.RecvCase<Integer> r1 = c1.onRecv();
            Select.RecvCase<Integer> r2 = c2.onRecv();
            Select.RecvCase<Integer> r3 = c3.onRecv();
            Select.Case[] cases = {nilRecv(), r1, nilSend(), r2, nilRecv(), nilSend(), r3, nilRecv()};
            int[] chosen = new int[cases.length];
            for (int t = 0; t < trials; t++) {
                int i = Select.select(cases);
                chosen[i]++;
                Select.RecvCase<Integer> r = (Select.RecvCase<Integer>) cases[i];
                assertEquals(i == 1 ? 1 : i == 3 ? 2 : 3, r.value(), "case " + i + " received from its own channel");
            }
            return chosen;
        });
        for (int i : new int[] {0, 2, 4, 5, 7}) {
            assertEquals(0, counts[i], "nil case " + i + " was chosen: " + java.util.Arrays.toString(counts));
        }
        double mean = trials / 3.0;
        double stddev = Math.sqrt(trials * (1 / 3.0) * (2 / 3.0));
        for (int i : new int[] {1, 3, 6}) {
            assertTrue(Math.abs(counts[i] - mean) <= 10 * stddev,
                    "unfair select: ready case " + i + " chosen " + counts[i] + " of " + trials + " times: "
                            + java.util.Arrays.toString(counts));
        }
    }
}
