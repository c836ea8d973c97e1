package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code context} against Go's {@code src/context/context_test.go}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextTest {
    private static final Duration LONG = Duration.ofHours(1);

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    private static boolean isDone(Context c) {
        return c.done().isClosed();
    }

    // ---- background -----------------------------------------------------------------------

    @Test
    void background_isNeverDone_hasNoErrNoDeadlineNoValues() {
        Context bg = Context.background();
        assertNotNull(bg.done(), "background().done() is a channel that never closes, not null");
        assertFalse(bg.done().isClosed());
        assertNull(bg.done().tryRecv());
        assertNull(bg.err());
        assertEquals(Optional.empty(), bg.deadline());
        assertNull(bg.value("anything"));
    }

    @Test
    void background_doneAndErr_areTheSameObjectEveryCall() {
        Context bg = Context.background();
        assertSame(bg.done(), bg.done());
        assertSame(Context.background(), Context.background());
        assertSame(bg.err(), bg.err());
    }

    @Test
    void background_done_blocksAReceiver() {
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofMillis(20));
            int i = Select.select(Context.background().done().onRecv(null), t.c().onRecv(null));
            assertEquals(1, i, "background's done channel delivered something");
        });
    }

    // ---- withCancel -----------------------------------------------------------------------

    @Test
    void withCancel_cancel_closesDone_andErrIsCanceled_sameObjectsEveryCall() {
        CancelableContext c = Context.withCancel(Context.background());
        Chan<Void> done = c.done();
        assertSame(done, c.done(), "done() answers the same channel every call");
        assertNull(c.err());
        assertFalse(isDone(c));
        c.cancel();
        assertTrue(isDone(c));
        assertSame(done, c.done());
        Throwable err = c.err();
        assertInstanceOf(CanceledException.class, err);
        assertSame(err, c.err(), "err() answers the same object every call");
        assertNull(Go.run(() -> c.done().recv()), "a receive on a closed done channel answers null at once");
        c.cancel(); // a second cancel does nothing
        assertSame(err, c.err());
    }

    @Test
    void close_isCancel_soTryWithResourcesCancels() {
        CancelableContext outer;
        try (CancelableContext c = Context.withCancel(Context.background())) {
            outer = c;
            assertNull(c.err());
        }
        assertInstanceOf(CanceledException.class, outer.err());
        assertTrue(isDone(outer));
        CancelableContext t = Context.withTimeout(Context.background(), LONG);
        t.close();
        assertInstanceOf(CanceledException.class, t.err(), "close of a timeout context cancels it");
    }

    @Test
    void cancel_wakesGoroutinesWaitingOnDone() {
        CancelableContext c = Context.withCancel(Context.background());
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 5; i++) {
                wg.add(1);
                Go.go(() -> {
                    c.done().recv();
                    wg.done();
                });
            }
            Dumps.awaitParked("chan receive", ContextTest.class, 5);
            c.cancel();
            wg.await();
        });
    }

    @Test
    void parentCancel_propagatesToEveryDescendant() {
        // TestParentFinishesChild.
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext cancelChild = Context.withCancel(parent);
        CancelableContext timerChild = Context.withTimeout(parent, LONG);
        Context valueChild = Context.withValue(parent, "key", "value");
        CancelableContext grandchild = Context.withCancel(valueChild);
        CancelableContext greatGrandchild = Context.withTimeout(Context.withValue(grandchild, "k2", 2), LONG);
        for (Context c : List.of(parent, cancelChild, timerChild, valueChild, grandchild, greatGrandchild)) {
            assertNull(c.err());
            assertFalse(isDone(c));
        }
        parent.cancel();
        for (Context c : List.of(parent, cancelChild, timerChild, valueChild, grandchild, greatGrandchild)) {
            assertTrue(isDone(c), c + " is not done after its ancestor was canceled");
            assertInstanceOf(CanceledException.class, c.err(), c.toString());
        }
        // The children must have been done when cancel returned: a receive answers at once.
        Go.run(() -> {
            assertNull(greatGrandchild.done().recv());
            assertNull(valueChild.done().recv());
        });
    }

    @Test
    void childCancel_doesNotAffectTheParent() {
        // TestChildFinishesFirst.
        for (Context parent : List.of(Context.background(), Context.withCancel(Context.background()))) {
            CancelableContext child = Context.withCancel(parent);
            child.cancel();
            assertInstanceOf(CanceledException.class, child.err());
            assertNull(parent.err(), "child's cancel canceled the parent");
            assertFalse(isDone(parent));
            if (parent instanceof CancelableContext p) {
                p.cancel();
            }
        }
    }

    @Test
    void withCancel_ofACanceledParent_isDoneAtOnceWithTheParentsErr() {
        // TestWithCancelCanceledParent.
        CancelableContext parent = Context.withCancel(Context.background());
        parent.cancel();
        CancelableContext c = Context.withCancel(parent);
        assertTrue(isDone(c), "child of a canceled parent is not done");
        assertInstanceOf(CanceledException.class, c.err());
        CancelableContext d = Context.withDeadline(Context.withValue(parent, "k", "v"), Instant.now().plus(LONG));
        assertTrue(isDone(d));
        assertInstanceOf(CanceledException.class, d.err(), "the parent's error, not a deadline error");
    }

    @Test
    void cancel_concurrentFromManyGoroutines_everyContextEndsDoneOnce() {
        // TestSimultaneousCancels.
        CancelableContext root = Context.withCancel(Context.background());
        List<CancelableContext> all = new ArrayList<>();
        all.add(root);
        for (int i = 0; i < 5; i++) {
            CancelableContext child = Context.withCancel(root);
            all.add(child);
            for (int j = 0; j < 5; j++) {
                CancelableContext gc = j % 2 == 0 ? Context.withCancel(child) : Context.withTimeout(child, LONG);
                all.add(gc);
                for (int k = 0; k < 3; k++) {
                    all.add(Context.withCancel(Context.withValue(gc, k, k)));
                }
            }
        }
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (CancelableContext c : all) {
                wg.add(1);
                Go.go(() -> {
                    c.cancel();
                    wg.done();
                });
            }
            WaitGroup waiters = new WaitGroup();
            for (CancelableContext c : all) {
                waiters.add(1);
                Go.go(() -> {
                    c.done().recv();
                    waiters.done();
                });
            }
            wg.await();
            waiters.await();
        });
        for (CancelableContext c : all) {
            assertInstanceOf(CanceledException.class, c.err());
        }
    }

    @Test
    void cancelFromAGoroutineWatchingTheParent_cancelsTheChild() {
        // TestInterlockedCancels.
        Go.run(() -> {
            CancelableContext parent = Context.withCancel(Context.background());
            CancelableContext child = Context.withCancel(parent);
            Go.go(() -> {
                parent.done().recv();
                child.cancel();
            });
            parent.cancel();
            Timer limit = Time.newTimer(Duration.ofSeconds(5));
            int i = Select.select(child.done().onRecv(null), limit.c().onRecv(null));
            limit.stop();
            assertEquals(0, i, "timed out");
        });
    }

    // ---- deadlines ------------------------------------------------------------------------

    @Test
    void withTimeout_expires_closesDone_andErrIsDeadlineExceeded() {
        // TestTimeout / TestDeadline.
        Duration timeout = Duration.ofMillis(50);
        Go.run(() -> {
            long t0 = System.nanoTime();
            CancelableContext c = Context.withTimeout(Context.background(), timeout);
            assertTrue(c.deadline().isPresent());
            assertNull(c.done().recv());
            long took = System.nanoTime() - t0;
            assertTrue(took >= timeout.toNanos() - 1_000_000, "done after only " + took + " ns");
            Throwable err = c.err();
            assertInstanceOf(DeadlineExceededException.class, err);
            assertInstanceOf(ContextException.class, err);
            assertSame(err, c.err());
            c.cancel(); // after expiry, cancel changes nothing
            assertSame(err, c.err());
        });
    }

    @Test
    void withDeadline_inThePast_isDoneAtOnce_withDeadlineExceeded() {
        CancelableContext c = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
        assertTrue(isDone(c));
        assertInstanceOf(DeadlineExceededException.class, c.err());
        CancelableContext z = Context.withTimeout(Context.background(), Duration.ZERO);
        assertTrue(isDone(z));
        assertInstanceOf(DeadlineExceededException.class, z.err());
    }

    @Test
    void withTimeout_canceledBeforeExpiry_errIsCanceledNotDeadlineExceeded() {
        // TestCanceledTimeout.
        Go.run(() -> {
            CancelableContext c = Context.withTimeout(Context.background(), Duration.ofSeconds(1));
            CancelableContext o = Context.withValue(c, "k", "v") instanceof CancelableContext cc ? cc : null;
            assertNull(o, "withValue answers a plain Context");
            Context child = Context.withValue(c, "k", "v");
            c.cancel();
            assertNull(child.done().recv());
            assertInstanceOf(CanceledException.class, child.err());
            assertInstanceOf(CanceledException.class, c.err());
        });
    }

    @Test
    void deadline_laterThanTheParents_inheritsTheParentsDeadline() {
        Instant parentDeadline = Instant.now().plusMillis(60);
        Go.run(() -> {
            CancelableContext parent = Context.withDeadline(Context.background(), parentDeadline);
            CancelableContext child = Context.withTimeout(parent, LONG);
            assertEquals(Optional.of(parentDeadline), child.deadline(), "a later deadline is the parent's");
            assertNull(child.done().recv());
            assertInstanceOf(DeadlineExceededException.class, child.err(), "the child expires with its parent");
            child.cancel();
        });
    }

    @Test
    void deadline_earlierThanTheParents_isItsOwn_andExpiresFirst() {
        CancelableContext parent = Context.withTimeout(Context.background(), LONG);
        Instant mine = Instant.now().plusMillis(30);
        CancelableContext child = Context.withDeadline(parent, mine);
        assertEquals(Optional.of(mine), child.deadline());
        Go.run(() -> {
            assertNull(child.done().recv());
        });
        assertInstanceOf(DeadlineExceededException.class, child.err());
        assertNull(parent.err(), "the child's deadline does not end the parent");
        parent.cancel();
    }

    @Test
    void deadline_isReportedThroughCancelAndValueDescendants() {
        Instant d = Instant.now().plus(LONG);
        CancelableContext parent = Context.withDeadline(Context.background(), d);
        Context value = Context.withValue(parent, "k", "v");
        CancelableContext cancel = Context.withCancel(value);
        assertEquals(Optional.of(d), parent.deadline());
        assertEquals(Optional.of(d), value.deadline());
        assertEquals(Optional.of(d), cancel.deadline());
        assertEquals(Optional.empty(), Context.withCancel(Context.background()).deadline());
        parent.cancel();
    }

    // ---- values ---------------------------------------------------------------------------

    @Test
    void value_isFoundInTheNearestAncestor_keysComparedWithEquals() {
        // TestValues.
        Context c0 = Context.background();
        Context c1 = Context.withValue(c0, "k1", "c1k1");
        Context c2 = Context.withValue(c1, "k2", "c2k2");
        Context c3 = Context.withValue(c2, "k1", "c3k1");
        CancelableContext c4 = Context.withCancel(c3);
        Context c5 = Context.withValue(c4, 42, "c5-42");
        assertNull(c0.value("k1"));
        assertEquals("c1k1", c1.value("k1"));
        assertNull(c1.value("k2"));
        assertEquals("c1k1", c2.value("k1"));
        assertEquals("c2k2", c2.value("k2"));
        assertEquals("c3k1", c3.value("k1"), "the nearest value shadows an ancestor's");
        assertEquals("c2k2", c3.value("k2"));
        assertEquals("c3k1", c4.value("k1"), "values are seen through a cancel context");
        assertEquals("c5-42", c5.value(Integer.valueOf(42)));
        assertEquals("c3k1", c5.value(new String("k1")), "keys are compared with equals, not identity");
        assertNull(c5.value("k3"));
        c4.cancel();
        assertEquals("c3k1", c5.value("k1"), "values survive cancellation");
    }

    @Test
    void withValue_nullKey_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> Context.withValue(Context.background(), null, "v"));
    }

    @Test
    void valueContext_doneAndErr_areTheParents() {
        CancelableContext parent = Context.withCancel(Context.background());
        Context v = Context.withValue(parent, "k", "v");
        assertSame(parent.done(), v.done());
        parent.cancel();
        assertSame(parent.err(), v.err());
        assertSame(v.err(), v.err());
    }

    // ---- goroutines and timers a context keeps ------------------------------------------

    @Test
    void withCancel_ofContextsDerivedFromBackground_startsNoGoroutine() {
        // Go's checkNoGoroutine in TestCustomContextGoroutines: a child of a context the
        // package knows (background, value, cancel) needs no watcher goroutine.
        int before = Go.numGoroutine();
        List<CancelableContext> made = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            made.add(Context.withCancel(Context.background()));
            made.add(Context.withCancel(Context.withValue(Context.background(), "k", i)));
            made.add(Context.withTimeout(Context.withValue(Context.background(), "k", i), LONG));
            made.add(Context.withCancel(Context.withValue(made.get(0), "k", i)));
        }
        int grew = Go.numGoroutine() - before;
        for (CancelableContext c : made) {
            c.cancel();
        }
        assertTrue(grew < 50, "400 contexts derived from background started " + grew + " goroutines");
    }

    @Test
    void foreignParentContext_itsCancellationPropagatesToChildren() {
        // TestCustomContextGoroutines: a parent of another implementation is watched.
        ForeignContext foreign = new ForeignContext("foreign", "yes");
        CancelableContext child = Context.withCancel(foreign);
        Context grandchild = Context.withValue(Context.withCancel(child), "k", "v");
        assertEquals("yes", grandchild.value("foreign"));
        assertNull(child.err());
        foreign.end(new DeadlineExceededException());
        Go.run(() -> {
            assertNull(child.done().recv());
            assertNull(grandchild.done().recv());
        });
        assertInstanceOf(DeadlineExceededException.class, child.err(), "the child takes the foreign parent's error");
    }

    @Test
    void foreignParentContext_childCanceledFirst_theWatcherGoroutineEnds() {
        ForeignContext foreign = new ForeignContext();
        int before = Go.numGoroutine();
        CancelableContext child = Context.withCancel(foreign);
        child.cancel();
        Eventually.until("the watcher goroutine ended", () -> Go.numGoroutine() <= before);
        assertInstanceOf(CanceledException.class, child.err());
    }

    @Test
    void cancel_ofATimeoutContext_releasesItsTimer_soADeadlockIsStillDetected() {
        for (int i = 0; i < 10; i++) {
            Context.withTimeout(Context.background(), LONG).cancel();
            Context.withDeadline(Context.withValue(Context.background(), "k", i), Instant.now().plus(LONG)).close();
        }
        assertThrows(DeadlockException.class, () -> Bounded.run(() -> {
            Chan.make().recv();
        }), "a canceled context's timer still counted as pending");
    }
}
