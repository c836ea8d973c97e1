package dev.weft;

import dev.weft.internal.context.Contexts;
import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Go 1.21's {@code context.AfterFunc} against Go's {@code src/context/x_test.go}:
 * TestAfterFuncCalledAfterCancel, TestAfterFuncCalledAfterTimeout, TestAfterFuncCalledImmediately,
 * TestAfterFuncNotCalledAfterStop, TestAfterFuncCalledAsynchronously (f runs in a goroutine of
 * its own, so it may block without blocking {@code cancel}), f run once however often the
 * context is canceled, and {@code stop} answering true only when it kept f from running. A
 * context that can never be done never runs f and starts nothing; on a foreign {@code Context}
 * implementation (context_test.go's custom contexts) a watcher goroutine waits for its
 * {@code done}, and {@code stop} ends it, as it takes f out of a weft parent's children.
 *
 * <p>That f did not run is checked after a function registered beside it did run, and a short
 * grace: a negative cannot be waited for, only given every chance to go wrong.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextAfterFuncTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofMillis(30);

    /** Goroutines with ids up to this one existed before the test. */
    private long floor;

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
        for (String g : Dumps.goroutines(Dumps.safeDump())) {
            floor = Math.max(floor, Dumps.id(g));
        }
    }

    /** Goroutines of this test that weft's context package started (watchers of foreign parents), in any state. */
    private List<String> watchers() {
        List<String> out = new ArrayList<>();
        for (String g : Dumps.goroutines(Dumps.safeDump())) {
            if (Dumps.id(g) > floor && Dumps.createdBy(g, Contexts.class)) {
                out.add(g);
            }
        }
        return out;
    }

    /** Receives from {@code c}, failing with {@code what} if nothing comes within {@link #LONG}. */
    @Suspendable
    private static void expect(Chan<?> c, String what) {
        if (!arrivesWithin(c, LONG)) {
            fail(what);
        }
    }

    /** Fails if {@code c} delivers within {@link #GRACE}. */
    @Suspendable
    private static void expectNothing(Chan<?> c, String what) {
        if (arrivesWithin(c, GRACE)) {
            fail(what);
        }
    }

    /**
     * Whether a receive from {@code c} completes within {@code d}. The timer is stopped either
     * way: a pending timer would keep the deadlock detector quiet for later tests.
     */
    @Suspendable
    private static boolean arrivesWithin(Chan<?> c, Duration d) {
        Timer t = Time.newTimer(d);
        try {
            return Select.select(c.onRecv(null), t.c().onRecv(null)) == 0;
        } finally {
            t.stop();
        }
    }

    // ---- when f runs -------------------------------------------------------------------

    @Test
    void afterFunc_calledAfterCancel_notBefore() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.run(() -> {
            Chan<Boolean> donec = Chan.make();
            AfterFunc stop = Context.afterFunc(ctx, donec::close);
            expectNothing(donec, "AfterFunc called before the context is done");
            ctx.cancel();
            expect(donec, "AfterFunc not called after the context is canceled");
            assertFalse(stop.stop(), "stop() after f ran");
        });
    }

    @Test
    void afterFunc_calledAfterTimeout_andFSeesTheContextDone() {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10));
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Go.run(() -> {
            Chan<Boolean> donec = Chan.make();
            AfterFunc stop = Context.afterFunc(ctx, () -> {
                seen.set(ctx.err());
                donec.close();
            });
            expect(donec, "AfterFunc not called after the deadline passed");
            assertFalse(stop.stop());
        });
        assertInstanceOf(DeadlineExceededException.class, seen.get());
    }

    @Test
    void afterFunc_onAContextAlreadyDone_isCalledAtOnce() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Go.run(() -> {
            Chan<Boolean> donec = Chan.make();
            AfterFunc stop = Context.afterFunc(ctx, donec::close);
            expect(donec, "AfterFunc not called for a context already done");
            assertFalse(stop.stop());
        });
    }

    @Test
    void afterFunc_onAValueNodeOverACancelableContext_isCalledOnCancel() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.run(() -> {
            Chan<Boolean> donec = Chan.make();
            Context.afterFunc(Context.withValue(ctx, "k", "v"), donec::close);
            ctx.cancel(new Exception("why"));
            expect(donec, "AfterFunc not called after the value node's parent was canceled");
        });
    }

    @Test
    void afterFunc_notCalledAfterStop_andStopIsTrueOnlyTheFirstTime() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.run(() -> {
            Chan<Boolean> donec = Chan.make();
            Chan<Boolean> control = Chan.make();
            AfterFunc stop = Context.afterFunc(ctx, donec::close);
            Context.afterFunc(ctx, control::close);
            assertTrue(stop.stop(), "the first stop() keeps f from running");
            assertFalse(stop.stop(), "a second stop() stops nothing");
            ctx.cancel();
            expect(control, "the afterFunc that was not stopped was not called");
            expectNothing(donec, "AfterFunc called for an already stopped function");
            assertFalse(stop.stop());
        });
    }

    @Test
    void afterFunc_isCalledOnce_howeverOftenTheContextOrItsParentIsCanceled() {
        int n = 20;
        CancelableContext parent = Context.withCancel(Context.background());
        CancelableContext ctx = Context.withCancel(parent);
        AtomicInteger[] calls = new AtomicInteger[n];
        Go.run(() -> {
            WaitGroup ran = new WaitGroup();
            ran.add(n);
            for (int i = 0; i < n; i++) {
                AtomicInteger count = calls[i] = new AtomicInteger();
                Context.afterFunc(i % 2 == 0 ? ctx : parent, () -> {
                    count.incrementAndGet();
                    ran.done();
                });
            }
            WaitGroup cancels = new WaitGroup();
            for (int k = 0; k < 4; k++) {
                int which = k;
                cancels.go(() -> {
                    if (which % 2 == 0) {
                        ctx.cancel(new Exception("cancel " + which));
                    } else {
                        parent.cancel();
                    }
                });
            }
            cancels.await();
            ctx.cancel();
            parent.cancel();
            ran.await();
            Go.sleep(GRACE); // every chance for a second call
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, calls[i].get(), "afterFunc " + i + " calls");
        }
    }

    @Test
    void afterFunc_runsInAGoroutineOfItsOwn_soItMayBlockWithoutBlockingCancel() {
        // TestAfterFuncCalledAsynchronously: f blocks on a send until cancel's caller receives.
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Boolean> inGoroutine = new AtomicReference<>();
        String got = SystemProperty.with("weft.strict", "true", () -> Go.run(() -> {
            Chan<String> donec = Chan.make();
            AfterFunc stop = Context.afterFunc(ctx, () -> {
                inGoroutine.set(Go.inGoroutine());
                donec.send("from f");
            });
            ctx.cancel(); // returns although f cannot finish before this goroutine receives
            Dumps.awaitParked("chan send", ContextAfterFuncTest.class, 1); // f parked, not pinned
            assertFalse(stop.stop(), "stop() once f started");
            return donec.recv();
        }));
        assertEquals("from f", got);
        assertTrue(inGoroutine.get());
    }

    @Test
    void afterFunc_canceledFromAPlainThread_fStillRunsInAGoroutine() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Boolean> inGoroutine = Chan.make(1);
        Context.afterFunc(ctx, () -> inGoroutine.send(Go.inGoroutine()));
        Thread plain = new Thread(ctx::cancel, "canceler");
        plain.start();
        plain.join(10_000);
        assertTrue(Bounded.within(LONG, inGoroutine::recv));
    }

    @Test
    void afterFunc_stopRacingCancel_exactlyOneOfStopAndFWins() {
        int rounds = 200;
        AtomicInteger[] calls = new AtomicInteger[rounds];
        boolean[] stopped = new boolean[rounds];
        Go.run(() -> {
            for (int r = 0; r < rounds; r++) {
                CancelableContext ctx = Context.withCancel(Context.background());
                AtomicInteger count = calls[r] = new AtomicInteger();
                Chan<Boolean> ran = Chan.make(1);
                AfterFunc stop = Context.afterFunc(ctx, () -> {
                    count.incrementAndGet();
                    ran.send(true);
                });
                Chan<Boolean> canceled = Chan.make(1);
                Go.go(() -> {
                    ctx.cancel();
                    canceled.send(true);
                });
                stopped[r] = stop.stop();
                canceled.recv();
                if (!stopped[r]) {
                    expect(ran, "round " + r + ": stop() answered false but f was never called");
                }
            }
            Go.sleep(GRACE); // every chance for a stopped f to run by mistake
        });
        for (int r = 0; r < rounds; r++) {
            assertEquals(stopped[r] ? 0 : 1, calls[r].get(), "round " + r + ": stop() answered " + stopped[r]);
        }
    }

    // ---- contexts that are never done ------------------------------------------------------

    @Test
    void afterFunc_onBackground_neverRuns_startsNothing_andStopIsTrue() {
        AtomicInteger calls = new AtomicInteger();
        AfterFunc stop = Context.afterFunc(Context.background(), calls::incrementAndGet);
        assertTrue(watchers().isEmpty(), "a watcher was started for a context that is never done:\n" + watchers());
        Go.run(() -> Go.sleep(GRACE));
        assertEquals(0, calls.get());
        assertTrue(stop.stop(), "f had not run, so stop() stopped it");
        assertFalse(stop.stop());
    }

    @Test
    void afterFunc_onWithoutCancelOfACanceledContext_neverRuns() {
        CancelableContext parent = Context.withCancel(Context.background());
        AtomicInteger calls = new AtomicInteger();
        AfterFunc stop = Context.afterFunc(Context.withoutCancel(parent), calls::incrementAndGet);
        parent.cancel();
        Go.run(() -> Go.sleep(GRACE));
        assertEquals(0, calls.get());
        assertTrue(watchers().isEmpty(), "a watcher was started for a context that is never done:\n" + watchers());
        assertTrue(stop.stop());
    }

    // ---- foreign contexts ------------------------------------------------------------------

    @Test
    void afterFunc_onAForeignContext_runsOnceItsDoneCloses_andItsWatcherEnds() {
        ForeignContext ctx = new ForeignContext();
        SystemProperty.with("weft.strict", "true", () -> Go.run(() -> { // the watcher parks, never pins
            Chan<Boolean> donec = Chan.make();
            AfterFunc stop = Context.afterFunc(ctx, donec::close);
            Dumps.awaitParked("select", Contexts.class, 1); // the watcher of ctx.done()
            expectNothing(donec, "AfterFunc called before the foreign context is done");
            ctx.end(new CanceledException());
            expect(donec, "AfterFunc not called after the foreign context's done closed");
            assertFalse(stop.stop());
            Eventually.until("the watcher goroutine ended", () -> watchers().isEmpty());
            return null;
        }));
    }

    @Test
    void afterFunc_onAForeignContext_stopEndsTheWatcher_andFNeverRuns() {
        ForeignContext ctx = new ForeignContext();
        Go.run(() -> {
            Chan<Boolean> donec = Chan.make();
            int before = Go.numGoroutine();
            AfterFunc stop = Context.afterFunc(ctx, donec::close);
            Dumps.awaitParked("select", Contexts.class, 1);
            assertTrue(stop.stop());
            Eventually.until("stop() ended the watcher goroutine", () -> watchers().isEmpty());
            Eventually.until("no goroutine is left behind", () -> Go.numGoroutine() <= before);
            ctx.end(new CanceledException());
            expectNothing(donec, "AfterFunc called after stop()");
            assertFalse(stop.stop());
        });
    }

    @Test
    void afterFunc_manyStoppedOnALongLivedContext_leaveNothingAttached() throws Exception {
        CancelableContext parent = Context.withCancel(Context.background());
        try {
            for (int i = 0; i < 10_000; i++) {
                Context target = i % 2 == 0 ? parent : Context.withValue(parent, "k", i);
                assertTrue(Context.afterFunc(target, () -> fail("a stopped afterFunc ran")).stop());
            }
            Object children = children(parent);
            assertTrue(children == null || ((Collection<?>) children).isEmpty(),
                    "stopped afterFuncs still attached to their context: " + ((Collection<?>) children).size());
        } finally {
            parent.cancel();
        }
    }

    /** A cancelable context's set of attached children (an implementation detail, as ContextLeakTest reads it). */
    private static Object children(Context parent) throws Exception {
        Field f = parent.getClass().getDeclaredField("children");
        f.setAccessible(true);
        return f.get(parent);
    }

    // ---- misuse ----------------------------------------------------------------------------

    @Test
    void afterFunc_nullContextOrFunction_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> Context.afterFunc(null, () -> { }));
        assertThrows(NullPointerException.class, () -> Context.afterFunc(Context.background(), null));
        CancelableContext ctx = Context.withCancel(Context.background());
        assertThrows(NullPointerException.class, () -> Context.afterFunc(ctx, null));
        ctx.cancel();
    }
}
