package dev.weft;

/**
 * {@code golang.org/x/sync/errgroup}: runs tasks in goroutines, waits for them all and reports
 * the first failure. A task fails by throwing an {@link Exception}; an {@link Error} is a panic
 * of its goroutine. A group made by {@link #withContext} cancels its context on the first
 * failure, with that failure as the context's {@link Context#cause cause}, and when
 * {@link #await} returns.
 */
public final class ErrGroup {
    private final Context ctx;
    private final CancelableContext cancel;
    private final WaitGroup wg = new WaitGroup();
    private final Object state = new Object();
    private Throwable first;
    private int active;
    /** Tokens of the limit: a full channel means {@code limit} tasks run. Null: no limit. */
    private Chan<Boolean> limit;

    public ErrGroup() {
        this.ctx = Context.background();
        this.cancel = null;
    }

    private ErrGroup(CancelableContext c) {
        this.ctx = c;
        this.cancel = c;
    }

    /** A group whose {@link #context} is canceled on the first failure or when {@code await} returns. */
    public static ErrGroup withContext(Context parent) {
        return new ErrGroup(Context.withCancel(parent));
    }

    public Context context() {
        return ctx;
    }

    /**
     * At most {@code n} tasks run at once ({@code n < 0}: no limit); {@link #go} parks when full.
     *
     * @throws IllegalStateException if tasks are running
     */
    public void setLimit(int n) {
        synchronized (state) {
            if (active != 0) {
                throw new IllegalStateException("errgroup: modify limit while " + active
                        + " goroutines in the group are still active");
            }
            limit = n < 0 ? null : Chan.make(n);
        }
    }

    /** Runs {@code task} in a new goroutine, parking first while the limit is reached. */
    @Suspendable
    public void go(SuspendableRunnable task) {
        Chan<Boolean> l = currentLimit();
        if (l != null) {
            l.send(Boolean.TRUE);
        }
        start(task, l);
    }

    /** Runs {@code task} in a new goroutine if the limit allows now; false otherwise. */
    public boolean tryGo(SuspendableRunnable task) {
        Chan<Boolean> l = currentLimit();
        if (l != null && !l.trySend(Boolean.TRUE)) {
            return false;
        }
        start(task, l);
        return true;
    }

    /** Waits for every task; answers the first failure, or null. */
    @Suspendable
    public Throwable await() {
        wg.await();
        Throwable failure;
        synchronized (state) {
            failure = first;
        }
        if (cancel != null) {
            cancel.cancel(failure);
        }
        return failure;
    }

    private Chan<Boolean> currentLimit() {
        synchronized (state) {
            return limit;
        }
    }

    private void start(SuspendableRunnable task, Chan<Boolean> l) {
        synchronized (state) {
            active++;
        }
        wg.add(1);
        Go.go(() -> {
            try {
                task.run();
            } catch (Exception e) {
                fail(e);
            } finally {
                synchronized (state) {
                    active--;
                }
                if (l != null) {
                    l.tryRecv();
                }
                wg.done();
            }
        });
    }

    private void fail(Exception e) {
        boolean firstFailure;
        synchronized (state) {
            firstFailure = first == null;
            if (firstFailure) {
                first = e;
            }
        }
        if (firstFailure && cancel != null) {
            cancel.cancel(e);
        }
    }
}
