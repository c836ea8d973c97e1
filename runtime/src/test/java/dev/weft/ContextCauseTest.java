package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go 1.20's cancellation causes and Go 1.21's {@code WithoutCancel}, against Go's
 * {@code src/context/x_test.go}: TestCause's table (a cause given to cancel, the first cancel
 * winning, a parent's cause inherited by its children unless a child was canceled first, a
 * deadline's cause, no cause before cancel or on the background, {@code cancel(null)} as
 * {@code cancel()}), TestCauseRace (a cause polled while another goroutine cancels is never seen
 * half set), TestWithoutCancel (values kept; never done, whatever the parent does; no deadline,
 * err or cause; a child of it is not reached by the original parent's cancellation) and
 * x/sync's errgroup, whose context is canceled with the group's first failure as its cause.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextCauseTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Exception PARENT_CAUSE = new Exception("parentCause");
    private static final Exception CHILD_CAUSE = new Exception("childCause");
    private static final Exception OTHER_CAUSE = new Exception("otherCause");

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    /** A context that is done once its deadline passed (waits for it). */
    private static CancelableContext expired(Context parent) {
        CancelableContext c = Context.withTimeout(parent, Duration.ofMillis(5));
        Go.run(() -> c.done().recv());
        return c;
    }

    // ---- TestCause ---------------------------------------------------------------------------

    /**
     * The rows of TestCause: a name, the context to look at once the row's steps are done, the
     * class of its {@code err()} (null: not done), and its expected cause: a Throwable that must
     * be the very object, or a class it must be an instance of, or null.
     */
    static Stream<Arguments> causeTable() {
        return Stream.of(
                row("background", Context::background, null, null),
                row("withCancel, not canceled", () -> Context.withCancel(Context.background()), null, null),
                row("withCancel, cancel()", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel();
                    return c;
                }, CanceledException.class, CanceledException.class),
                row("withCancel, cancel(cause)", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel(PARENT_CAUSE);
                    return c;
                }, CanceledException.class, PARENT_CAUSE),
                row("withCancel, cancel(null) is cancel()", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel(null);
                    return c;
                }, CanceledException.class, CanceledException.class),
                row("withCancel, close() is cancel()", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.close();
                    c.cancel(OTHER_CAUSE);
                    return c;
                }, CanceledException.class, CanceledException.class),
                row("cancel twice: the first cause wins", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel(PARENT_CAUSE);
                    c.cancel(OTHER_CAUSE);
                    return c;
                }, CanceledException.class, PARENT_CAUSE),
                row("cancel(cause) then cancel(): the cause stays", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel(PARENT_CAUSE);
                    c.cancel();
                    return c;
                }, CanceledException.class, PARENT_CAUSE),
                row("cancel() then cancel(cause): no cause", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel();
                    c.cancel(PARENT_CAUSE);
                    return c;
                }, CanceledException.class, CanceledException.class),
                row("parent canceled with a cause: an existing child inherits it", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    parent.cancel(PARENT_CAUSE);
                    return child;
                }, CanceledException.class, PARENT_CAUSE),
                row("parent cause before child: a child made afterwards inherits it, and its own cancel is too late", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    parent.cancel(PARENT_CAUSE);
                    CancelableContext child = Context.withCancel(parent);
                    child.cancel(CHILD_CAUSE);
                    return child;
                }, CanceledException.class, PARENT_CAUSE),
                row("parent cause after child: the child keeps its own", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    child.cancel(CHILD_CAUSE);
                    parent.cancel(PARENT_CAUSE);
                    return child;
                }, CanceledException.class, CHILD_CAUSE),
                row("parent cause after child: the parent keeps its own", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    child.cancel(CHILD_CAUSE);
                    parent.cancel(PARENT_CAUSE);
                    return parent;
                }, CanceledException.class, PARENT_CAUSE),
                row("parent cause before a child's cancel()", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    parent.cancel(PARENT_CAUSE);
                    child.cancel();
                    return child;
                }, CanceledException.class, PARENT_CAUSE),
                row("parent cause after a child's cancel()", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    child.cancel();
                    parent.cancel(PARENT_CAUSE);
                    return child;
                }, CanceledException.class, CanceledException.class),
                row("child cause after the parent's cancel()", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    parent.cancel();
                    child.cancel(CHILD_CAUSE);
                    return child;
                }, CanceledException.class, CanceledException.class),
                row("child cause before the parent's cancel()", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(parent);
                    child.cancel(CHILD_CAUSE);
                    parent.cancel();
                    return child;
                }, CanceledException.class, CHILD_CAUSE),
                row("grandchild through a value node inherits the cause", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext grandchild = Context.withCancel(Context.withValue(parent, "k", "v"));
                    parent.cancel(PARENT_CAUSE);
                    return grandchild;
                }, CanceledException.class, PARENT_CAUSE),
                row("value node over a canceled context answers its cause", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    parent.cancel(PARENT_CAUSE);
                    return Context.withValue(parent, "k", "v");
                }, CanceledException.class, PARENT_CAUSE),
                row("withTimeout 0: deadline exceeded", () -> Context.withTimeout(Context.background(), Duration.ZERO),
                        DeadlineExceededException.class, DeadlineExceededException.class),
                row("withDeadline in the past: deadline exceeded",
                        () -> Context.withDeadline(Context.background(), Instant.now().minusSeconds(1)),
                        DeadlineExceededException.class, DeadlineExceededException.class),
                row("withTimeout, deadline passed: deadline exceeded, and a later cancel(cause) changes nothing", () -> {
                    CancelableContext c = expired(Context.background());
                    c.cancel(OTHER_CAUSE);
                    return c;
                }, DeadlineExceededException.class, DeadlineExceededException.class),
                row("child of a parent whose deadline passed: deadline exceeded", () -> {
                    CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofMillis(5));
                    CancelableContext child = Context.withCancel(parent);
                    Go.run(() -> child.done().recv());
                    return child;
                }, DeadlineExceededException.class, DeadlineExceededException.class),
                row("withTimeout, canceled before the deadline", () -> {
                    CancelableContext c = Context.withTimeout(Context.background(), LONG);
                    c.cancel();
                    return c;
                }, CanceledException.class, CanceledException.class),
                row("withTimeout, canceled with a cause before the deadline", () -> {
                    CancelableContext c = Context.withTimeout(Context.background(), LONG);
                    c.cancel(PARENT_CAUSE);
                    return c;
                }, CanceledException.class, PARENT_CAUSE),
                row("withTimeout child of a parent canceled with a cause", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withTimeout(parent, LONG);
                    parent.cancel(PARENT_CAUSE);
                    return child;
                }, CanceledException.class, PARENT_CAUSE),
                row("withoutCancel of background", () -> Context.withoutCancel(Context.background()), null, null),
                row("withoutCancel of a context canceled with a cause", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel(PARENT_CAUSE);
                    return Context.withoutCancel(c);
                }, null, null),
                row("withoutCancel of a context whose deadline passed",
                        () -> Context.withoutCancel(Context.withTimeout(Context.background(), Duration.ZERO)), null, null),
                row("value node over withoutCancel of a canceled context", () -> {
                    CancelableContext c = Context.withCancel(Context.background());
                    c.cancel(PARENT_CAUSE);
                    return Context.withValue(Context.withoutCancel(c), "k", "v");
                }, null, null),
                row("withCancel under withoutCancel, canceled with its own cause", () -> {
                    CancelableContext parent = Context.withCancel(Context.background());
                    CancelableContext child = Context.withCancel(Context.withoutCancel(parent));
                    parent.cancel(PARENT_CAUSE);
                    child.cancel(CHILD_CAUSE);
                    return child;
                }, CanceledException.class, CHILD_CAUSE));
    }

    private static Arguments row(String name, Supplier<Context> ctx, Class<? extends Throwable> err, Object cause) {
        return Arguments.of(name, ctx, err, cause);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("causeTable")
    void cause(String name, Supplier<Context> make, Class<? extends Throwable> err, Object cause) {
        Context ctx = make.get();
        if (err == null) {
            assertNull(ctx.err(), name + ": err");
            assertFalse(ctx.done().isClosed(), name + ": done");
        } else {
            assertInstanceOf(err, ctx.err(), name + ": err");
            assertTrue(ctx.done().isClosed(), name + ": done");
        }
        Throwable got = ctx.cause();
        if (cause == null) {
            assertNull(got, name + ": cause");
        } else if (cause instanceof Class<?> c) {
            assertInstanceOf(c, got, name + ": cause");
        } else {
            assertSame(cause, got, name + ": cause");
        }
        assertSame(got, ctx.cause(), name + ": cause() answers the same object every call");
    }

    @Test
    void cause_isNullBeforeCancel_andSetByIt() {
        CancelableContext c = Context.withCancel(Context.background());
        CancelableContext child = Context.withCancel(c);
        assertNull(c.cause());
        assertNull(child.cause());
        c.cancel(PARENT_CAUSE);
        assertSame(PARENT_CAUSE, c.cause());
        assertSame(PARENT_CAUSE, child.cause());
        assertInstanceOf(CanceledException.class, c.err(), "the cause is kept apart from err");
    }

    @Test
    void cause_ofACancelWithoutCause_isTheErrItself() {
        CancelableContext c = Context.withCancel(Context.background());
        c.cancel();
        assertSame(c.err(), c.cause());
        CancelableContext t = Context.withTimeout(Context.background(), Duration.ZERO);
        assertSame(t.err(), t.cause());
    }

    // ---- TestCauseRace -----------------------------------------------------------------------

    @Test
    void cause_polledWhileAnotherGoroutineCancels_isNullOrTheCause_neverAnythingElse() {
        for (int round = 0; round < 200; round++) {
            Exception why = new Exception("TestCauseRace " + round);
            CancelableContext ctx = Context.withCancel(Context.background());
            CancelableContext child = Context.withCancel(Context.withValue(ctx, "k", round));
            int r = round;
            Go.run(() -> {
                Go.go(() -> ctx.cancel(why));
                while (true) {
                    // err before cause: once err is set, the cause must already be there.
                    boolean done = child.err() != null;
                    Throwable c = child.cause();
                    if (c != null || done) {
                        assertSame(why, c, "round " + r + ": cause of a canceled child");
                        break;
                    }
                    Go.yield();
                }
                ctx.done().recv();
                assertSame(why, ctx.cause(), "round " + r);
            });
        }
    }

    @Test
    void cause_racingCancelsWithDifferentCauses_oneWinsEverywhere() throws Exception {
        for (int round = 0; round < 200; round++) {
            Exception first = new Exception("first " + round);
            Exception second = new Exception("second " + round);
            CancelableContext ctx = Context.withCancel(Context.background());
            CancelableContext child = Context.withCancel(ctx);
            CountDownLatch go = new CountDownLatch(1);
            Thread plain = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                ctx.cancel(second);
            }, "canceler");
            plain.start();
            Go.run(() -> {
                Go.go(() -> {
                    go.countDown();
                    ctx.cancel(first);
                });
                child.done().recv();
            });
            plain.join(10_000);
            Throwable won = ctx.cause();
            assertTrue(won == first || won == second, "round " + round + ": cause " + won);
            assertSame(won, child.cause(), "round " + round + ": the child inherits the winner's cause");
            assertInstanceOf(CanceledException.class, ctx.err());
        }
    }

    // ---- TestWithoutCancel ---------------------------------------------------------------

    @Test
    void withoutCancel_keepsTheParentsValues_butNoDeadlineErrOrCause() {
        CancelableContext parent = Context.withTimeout(Context.withValue(Context.background(), "key", "value"), LONG);
        try {
            Context c = Context.withoutCancel(parent);
            assertEquals("value", c.value("key"));
            assertNull(c.value("other"));
            Context deeper = Context.withValue(c, "key2", "value2");
            assertEquals("value", deeper.value("key"), "values are found through it");
            assertEquals("value2", deeper.value("key2"));
            assertEquals(Optional.empty(), c.deadline(), "no deadline, though the parent has one");
            assertNull(c.err());
            assertNull(c.cause());
            assertNotNull(c.done(), "done() is a channel that never closes, not null");
            assertSame(c.done(), c.done());
        } finally {
            parent.cancel(); // stops its deadline's timer
        }
    }

    @Test
    void withoutCancel_isNeverDone_whenTheParentIsCanceledOrItsDeadlinePasses() {
        CancelableContext canceled = Context.withCancel(Context.background());
        Context a = Context.withoutCancel(canceled);
        CancelableContext timed = Context.withTimeout(Context.background(), Duration.ofMillis(5));
        Context b = Context.withoutCancel(timed);
        canceled.cancel(PARENT_CAUSE);
        Go.run(() -> {
            timed.done().recv();
            for (Context c : new Context[] {a, b}) {
                int i = Select.select(c.done().onRecv(null), Time.after(Duration.ofMillis(20)).onRecv(null));
                assertEquals(1, i, "withoutCancel's done channel delivered something");
                assertFalse(c.done().isClosed());
                assertNull(c.err());
                assertNull(c.cause());
            }
        });
    }

    @Test
    void withCancelUnderWithoutCancel_isNotCanceledByTheOriginalParent_butByItsOwnCancel() {
        CancelableContext parent = Context.withCancel(Context.withValue(Context.background(), "key", "value"));
        CancelableContext child = Context.withCancel(Context.withoutCancel(parent));
        CancelableContext timed = Context.withTimeout(Context.withoutCancel(expired(Context.background())), LONG);
        try {
            parent.cancel(PARENT_CAUSE);
            assertNull(child.err(), "the original parent's cancel reached through withoutCancel");
            assertFalse(child.done().isClosed());
            assertNull(child.cause());
            assertEquals("value", child.value("key"));
            assertNull(timed.err(), "an expired grandparent's deadline reached through withoutCancel");
            assertTrue(timed.deadline().isPresent());
            assertTrue(Duration.between(Instant.now(), timed.deadline().get()).compareTo(Duration.ofMinutes(30)) > 0,
                    "the child's deadline is its own: " + timed.deadline().get());
            child.cancel(CHILD_CAUSE);
            assertInstanceOf(CanceledException.class, child.err());
            assertSame(CHILD_CAUSE, child.cause());
        } finally {
            timed.cancel(); // stops its deadline's timer
        }
    }

    @Test
    void withoutCancel_nullParent_throwsNullPointerException() {
        assertThrows(NullPointerException.class, () -> Context.withoutCancel(null));
    }

    // ---- errgroup -------------------------------------------------------------------------

    @Test
    void errGroupWithContext_contextsCause_isTheFirstFailure() {
        Exception first = new Exception("first failure");
        Exception later = new Exception("later failure");
        ErrGroup g = ErrGroup.withContext(Context.background());
        Context derived = Context.withCancel(g.context());
        AtomicReference<Throwable> seenByTask = new AtomicReference<>();
        Throwable got = Go.run(() -> {
            g.go(() -> {
                g.context().done().recv();
                seenByTask.set(g.context().cause());
                throw later;
            });
            Dumps.awaitParked("chan receive", ErrGroup.class, 1);
            g.go(() -> {
                throw first;
            });
            return g.await();
        });
        assertSame(first, got);
        assertSame(first, seenByTask.get(), "the cause was set when done closed");
        assertSame(first, g.context().cause());
        assertInstanceOf(CanceledException.class, g.context().err(), "err stays context canceled");
        assertSame(first, derived.cause(), "a context derived from the group's inherits the cause");
    }

    @Test
    void errGroupWithContext_noFailure_awaitCancelsWithoutACause() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        assertNull(Go.run(() -> {
            g.go(() -> { });
            return g.await();
        }));
        assertInstanceOf(CanceledException.class, g.context().err());
        assertSame(g.context().err(), g.context().cause());
    }
}
