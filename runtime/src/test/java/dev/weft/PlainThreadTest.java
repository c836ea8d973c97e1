package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every blocking operation called from a plain Java thread blocks that thread, with the same
 * semantics as in a goroutine. The goroutines here are started from plain threads, so they
 * belong to no run (no deadlock detection applies to them).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PlainThreadTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    /** Starts a plain (daemon) thread. */
    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A plain thread computing a result. */
    private record Job<T>(Thread thread, FutureTask<T> result) {
        T get() throws Exception {
            return result.get();
        }

        boolean isDone() {
            return result.isDone();
        }

        /** Waits until the thread is blocked inside a weft operation. */
        Job<T> blocked() {
            Eventually.threadBlocked(thread);
            return this;
        }
    }

    private static <T> Job<T> onThread(String name, java.util.concurrent.Callable<T> body) {
        FutureTask<T> f = new FutureTask<>(body);
        return new Job<>(thread(name, f), f);
    }

    // ---- channels -------------------------------------------------------------------------

    @Test
    void plainThreadSends_goroutineReceives() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> back = Chan.make(1);
        Go.go(() -> back.send(c.recv() + 1));
        c.send(41);
        assertEquals(42, back.recv());
    }

    @Test
    void goroutineSends_plainThreadReceives_inOrder() {
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            for (int i = 0; i < 1000; i++) {
                c.send(i);
            }
            c.close();
        });
        int expected = 0;
        for (Integer v : c) {
            assertEquals(expected++, v);
        }
        assertEquals(1000, expected);
        assertNull(c.recv());
    }

    @Test
    void plainThreadSend_onUnbufferedChannel_blocksUntilAGoroutineReceives() throws Exception {
        Chan<Integer> c = Chan.make();
        AtomicBoolean sent = new AtomicBoolean();
        Thread sender = thread("sender", () -> {
            c.send(7);
            sent.set(true);
        });
        Eventually.threadBlocked(sender);
        assertFalse(sent.get(), "an unbuffered send returned with nobody receiving");
        Chan<Integer> got = Chan.make(1);
        Go.go(() -> got.send(c.recv()));
        assertEquals(7, got.recv());
        sender.join(10_000);
        assertTrue(sent.get());
    }

    @Test
    void plainThreadRecv_blocksUntilAGoroutineSends() throws Exception {
        Chan<String> c = Chan.make();
        Job<String> receiver = onThread("receiver", c::recv).blocked();
        assertFalse(receiver.isDone());
        Go.go(() -> c.send("hi"));
        assertEquals("hi", receiver.get());
    }

    @Test
    void plainThreads_only_pingPongOverUnbufferedChannels() throws Exception {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Thread other = thread("ponger", () -> {
            for (Integer v : ping) {
                pong.send(v + 1);
            }
            pong.close();
        });
        for (int i = 0; i < 5000; i++) {
            ping.send(i);
            assertEquals(i + 1, pong.recv());
        }
        ping.close();
        assertNull(pong.recv());
        other.join(10_000);
    }

    @Test
    void close_wakesABlockedPlainThreadReceiver_withNull_andSender_withChannelClosedException() throws Exception {
        Chan<Integer> c = Chan.make();
        Job<Integer> receiver = onThread("receiver", c::recv);
        Chan<Integer> d = Chan.make();
        Job<String> sender = onThread("sender", () -> {
            try {
                d.send(1);
                return "sent";
            } catch (ChannelClosedException e) {
                return "closed";
            }
        });
        receiver.blocked();
        sender.blocked();
        Go.go(() -> {
            c.close();
            d.close();
        });
        assertNull(receiver.get());
        assertEquals("closed", sender.get());
    }

    @Test
    void manyPlainThreadsAndGoroutines_shareAChannel_noValueLostOrDuplicated() throws Exception {
        Chan<Integer> c = Chan.make(4);
        int perProducer = 2000;
        WaitGroup producers = new WaitGroup();
        producers.add(4);
        for (int p = 0; p < 2; p++) {
            int base = p * perProducer;
            thread("producer-" + p, () -> {
                for (int i = 0; i < perProducer; i++) {
                    c.send(base + i);
                }
                producers.done();
            });
        }
        for (int p = 2; p < 4; p++) {
            int base = p * perProducer;
            Go.go(() -> {
                for (int i = 0; i < perProducer; i++) {
                    c.send(base + i);
                }
                producers.done();
            });
        }
        thread("closer", () -> {
            producers.await();
            c.close();
        });
        int[] seen = new int[4 * perProducer];
        Chan<int[]> fromGoroutine = Chan.make(1);
        Go.go(() -> {
            int[] mine = new int[4 * perProducer];
            for (Integer v : c) {
                mine[v]++;
            }
            fromGoroutine.send(mine);
        });
        for (Integer v : c) { // this plain thread consumes too
            seen[v]++;
        }
        int[] other = fromGoroutine.recv();
        for (int i = 0; i < seen.length; i++) {
            assertEquals(1, seen[i] + other[i], "value " + i);
        }
    }

    // ---- select ---------------------------------------------------------------------------

    @Test
    void select_onAPlainThread_blocksUntilAGoroutineSends() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        int[] got = {0};
        Go.go(() -> b.send(5));
        int i = Select.select(a.onRecv(v -> got[0] = -v), b.onRecv(v -> got[0] = v));
        assertEquals(1, i);
        assertEquals(5, got[0]);
    }

    @Test
    void select_onAPlainThread_withDefault_doesNotBlock() {
        Chan<Integer> a = Chan.make();
        AtomicBoolean ran = new AtomicBoolean();
        assertEquals(1, Select.select(a.onRecv(null), Select.onDefault(() -> ran.set(true))));
        assertTrue(ran.get());
    }

    @Test
    void select_parkedGoroutine_completedByAPlainThreadSend() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<String> result = Chan.make(1);
        Go.go(() -> Select.select(a.onRecv(v -> result.send("a" + v)), b.onRecv(v -> result.send("b" + v))));
        Dumps.awaitParked("select", PlainThreadTest.class, 1);
        a.send(3);
        assertEquals("a3", result.recv());
    }

    @Test
    void select_plainThreadSendCase_completedByAGoroutineReceive() throws Exception {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Job<Integer> selecting = onThread("selecting", () -> Select.select(a.onSend(1, null), b.onSend(2, null)));
        selecting.blocked();
        Chan<Integer> got = Chan.make(1);
        Go.go(() -> got.send(b.recv()));
        assertEquals(2, got.recv());
        assertEquals(1, selecting.get());
        assertFalse(a.trySend(9), "the losing send case is gone from a");
    }

    // ---- sync -----------------------------------------------------------------------------

    @Test
    void waitGroupAwait_onAPlainThread_returnsWhenGoroutinesAreDone() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            wg.add(1);
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(5));
                done.incrementAndGet();
                wg.done();
            });
        }
        wg.await();
        assertEquals(20, done.get(), "await returned before every goroutine was done");
    }

    @Test
    void goroutineWaitsOnAWaitGroup_thatPlainThreadsComplete() {
        WaitGroup wg = new WaitGroup();
        wg.add(3);
        Chan<Boolean> released = Chan.make(1);
        Go.go(() -> {
            wg.await();
            released.send(true);
        });
        Dumps.awaitParked("sync.WaitGroup.Wait", PlainThreadTest.class, 1);
        for (int i = 0; i < 3; i++) {
            assertNull(released.tryRecv());
            thread("done-" + i, wg::done);
        }
        assertTrue(released.recv());
    }

    @Test
    void mutex_sharedByPlainThreadsAndGoroutines_excludesMutually() throws Exception {
        Mutex m = new Mutex();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        int each = 2000;
        Runnable plain = () -> {
            for (int i = 0; i < each; i++) {
                m.lock();
                if (inside.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                counter[0]++;
                inside.decrementAndGet();
                m.unlock();
            }
            wg.done();
        };
        for (int i = 0; i < 3; i++) {
            wg.add(1);
            thread("locker-" + i, plain);
        }
        for (int i = 0; i < 3; i++) {
            wg.add(1);
            Go.go(() -> {
                for (int k = 0; k < each; k++) {
                    m.lock();
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    counter[0]++;
                    if (k % 50 == 0) {
                        Go.yield();
                    }
                    inside.decrementAndGet();
                    m.unlock();
                }
                wg.done();
            });
        }
        wg.await();
        assertEquals(0, overlaps.get());
        assertEquals(6 * each, counter[0]);
    }

    @Test
    void mutexLock_onAPlainThread_blocksUntilAGoroutineUnlocks() throws Exception {
        Mutex m = new Mutex();
        m.lock();
        Job<Boolean> locker = onThread("locker", () -> {
            m.lock();
            m.unlock();
            return true;
        });
        locker.blocked();
        assertFalse(locker.isDone());
        Go.go(m::unlock);
        assertTrue(locker.get());
    }

    @Test
    void rwMutex_plainThreadWriterWaitsForGoroutineReaders() throws Exception {
        RWMutex rw = new RWMutex();
        Chan<Boolean> release = Chan.make();
        Chan<Boolean> readerIn = Chan.make(1);
        Go.go(() -> {
            rw.rLock();
            readerIn.send(true);
            release.recv();
            rw.rUnlock();
        });
        readerIn.recv();
        Job<Boolean> writer = onThread("writer", () -> {
            rw.lock();
            rw.unlock();
            return true;
        });
        writer.blocked();
        assertFalse(writer.isDone());
        release.send(true);
        assertTrue(writer.get());
    }

    @Test
    void condAwait_onAPlainThread_isSignaledByAGoroutine() throws Exception {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        boolean[] ready = {false};
        Job<Boolean> waiter = onThread("cond-waiter", () -> {
            m.lock();
            while (!ready[0]) {
                c.await();
            }
            boolean held = !m.tryLock();
            m.unlock();
            return held;
        });
        waiter.blocked();
        Go.go(() -> {
            m.lock();
            ready[0] = true;
            c.signal();
            m.unlock();
        });
        assertTrue(waiter.get(), "await returned with the mutex locked again");
    }

    @Test
    void condAwait_withoutTheLock_onAPlainThread_throwsIllegalStateException() {
        assertThrows(IllegalStateException.class, () -> new Cond(new Mutex()).await());
    }

    @Test
    void onceRun_onAPlainThread_waitsForTheFunctionRunningInAGoroutine() throws Exception {
        Once once = new Once();
        Chan<Boolean> release = Chan.make();
        AtomicBoolean fDone = new AtomicBoolean();
        Go.go(() -> once.run(() -> {
            release.recv();
            fDone.set(true);
        }));
        Dumps.awaitParked("chan receive", PlainThreadTest.class, 1);
        Job<Boolean> second = onThread("once-caller", () -> {
            once.run(() -> {
                throw new AssertionError("ran twice");
            });
            return fDone.get();
        });
        second.blocked();
        assertFalse(second.isDone());
        release.send(true);
        assertTrue(second.get(), "returned before f was done");
    }

    @Test
    void semaphoreAcquire_onAPlainThread_blocksUntilAGoroutineReleases() throws Exception {
        Semaphore s = new Semaphore(2);
        s.acquire(2);
        Job<Boolean> acquirer = onThread("acquirer", () -> {
            s.acquire(2);
            return true;
        });
        acquirer.blocked();
        Chan<Boolean> released = Chan.make();
        Go.go(() -> {
            s.release(1);
            released.send(true);
        });
        released.recv();
        acquirer.blocked();
        assertFalse(acquirer.isDone(), "acquired 2 with only 1 free");
        Go.go(() -> s.release(1));
        assertTrue(acquirer.get());
        assertFalse(s.tryAcquire(1), "the plain thread holds both permits");
        s.release(2);
    }

    @Test
    void semaphoreAcquireWithContext_onAPlainThread_givesUpWhenCanceled() throws Exception {
        Semaphore s = new Semaphore(1);
        s.acquire(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        Job<Boolean> acquirer = onThread("ctx-acquirer", () -> s.acquire(ctx, 1));
        acquirer.blocked();
        Go.go(ctx::cancel);
        assertFalse(acquirer.get());
        s.release(1);
        assertTrue(s.tryAcquire(1));
    }

    // ---- time and context ---------------------------------------------------------------

    @Test
    void sleep_onAPlainThread_blocksForAtLeastTheDuration() {
        long t0 = System.nanoTime();
        Go.sleep(Duration.ofMillis(50));
        assertTrue(System.nanoTime() - t0 >= 50_000_000L);
    }

    @Test
    void timersAndTickers_onAPlainThread_deliver() {
        Instant start = Instant.now();
        Instant fired = Time.after(Duration.ofMillis(20)).recv();
        assertFalse(fired.isBefore(start.plusMillis(19)), "fired at " + fired + ", started " + start);
        Timer t = Time.newTimer(Duration.ofMillis(5));
        assertNotNull(t.c().recv());
        Ticker k = Time.newTicker(Duration.ofMillis(5));
        try {
            assertNotNull(k.c().recv());
            assertNotNull(k.c().recv());
        } finally {
            k.stop();
        }
        Chan<Boolean> ran = Chan.make(1);
        Time.afterFunc(Duration.ofMillis(5), () -> ran.send(Go.inGoroutine()));
        assertTrue(ran.recv(), "afterFunc's f runs in a goroutine even when armed from a plain thread");
    }

    @Test
    void contextDone_onAPlainThread_unblocksWhenAGoroutineCancels() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.go(() -> {
            Go.sleep(Duration.ofMillis(10));
            ctx.cancel();
        });
        assertNull(ctx.done().recv());
        assertInstanceOf(CanceledException.class, ctx.err());
        CancelableContext t = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertNull(t.done().recv());
        assertInstanceOf(DeadlineExceededException.class, t.err());
    }

    @Test
    void errGroup_onAPlainThread_goAndAwait() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Exception boom = new Exception("boom");
        g.setLimit(2);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            g.go(() -> { // parks this plain thread while two tasks run
                synchronized (order) {
                    order.add(n);
                }
                if (n == 3) {
                    throw boom;
                }
            });
        }
        assertEquals(boom, g.await());
        assertEquals(6, order.size());
        assertTrue(g.context().done().isClosed());
    }

    @Test
    void inGoroutine_isFalse_onAPlainThread() {
        assertFalse(Go.inGoroutine());
        Go.yield(); // a plain thread's yield returns
    }

    // ---- interrupts ------------------------------------------------------------------------

    /**
     * How many of 300 samples, 1 ms apart, find {@code t} runnable once it is inside
     * {@code where}: a thread blocked as it should be is found waiting nearly every time.
     */
    private static int runnableSamplesWhileIn(Thread t, String where) throws InterruptedException {
        Eventually.until(t.getName() + " is inside " + where, () -> java.util.Arrays.stream(t.getStackTrace())
                .anyMatch(e -> (e.getClassName() + "." + e.getMethodName()).equals(where)));
        int runnable = 0;
        for (int i = 0; i < 300; i++) {
            if (t.getState() == Thread.State.RUNNABLE) {
                runnable++;
            }
            Thread.sleep(1); // the sampling interval, not a wait for an event
        }
        return runnable;
    }

    @Test
    void recv_onAnInterruptedPlainThread_blocksWithoutSpinning() throws Exception {
        Chan<Integer> c = Chan.make();
        Job<Integer> receiver = onThread("interrupted-receiver", () -> {
            Thread.currentThread().interrupt();
            return c.recv();
        });
        int runnable = runnableSamplesWhileIn(receiver.thread(), "dev.weft.Chan.recv");
        c.send(5);
        assertEquals(5, receiver.get());
        assertTrue(runnable < 100, "a blocked receive was found running in " + runnable + " of 300 samples: it spins");
    }

    @Test
    void goRun_calledFromAnInterruptedThread_waitsWithoutSpinning() throws Exception {
        Chan<Integer> c = Chan.make();
        // The main goroutine waits on c; a plain thread (this one) sends later. Keep the run
        // from being judged deadlocked meanwhile by holding a timer pending.
        Timer keepAlive = Time.newTimer(Duration.ofSeconds(30));
        Job<Integer> runner = onThread("interrupted-runner", () -> {
            Thread.currentThread().interrupt();
            return Go.run(() -> {
                return c.recv();
            });
        });
        try {
            int runnable = runnableSamplesWhileIn(runner.thread(), "dev.weft.Go.run");
            c.send(9);
            assertEquals(9, runner.get());
            assertTrue(runnable < 100, "Go.run's caller was found running in " + runnable + " of 300 samples: it spins");
        } finally {
            keepAlive.stop();
        }
    }
}
