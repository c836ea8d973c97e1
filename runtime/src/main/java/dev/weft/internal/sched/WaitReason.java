package dev.weft.internal.sched;

/**
 * Why a goroutine is not running: what {@code Go.dump()} prints in its header, as Go's
 * runtime names them. Each blocking operation has its own, so a dump says exactly where a
 * goroutine waits.
 */
public enum WaitReason {
    RUNNABLE("runnable"),
    RUNNING("running"),
    CHAN_SEND("chan send"),
    CHAN_RECEIVE("chan receive"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    MUTEX_LOCK("sync.Mutex.Lock"),
    RWMUTEX_LOCK("sync.RWMutex.Lock"),
    RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    COND_WAIT("sync.Cond.Wait"),
    ONCE_DO("sync.Once.Do"),
    SEMACQUIRE("semacquire"),
    IO_WAIT("IO wait");

    private final String text;

    WaitReason(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
