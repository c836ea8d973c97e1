package dev.weft.internal.cont;

/**
 * A thread that runs continuations. It keeps the frame stack of the continuation it is running
 * in a field, so that a rewritten method finds it with {@code Thread.currentThread()}, a type
 * test and a field read instead of a {@code ThreadLocal} lookup.
 *
 * <p>Only the thread itself reads or writes its fields.
 */
public class Carrier extends Thread {
    FrameStack frames;
    FramePool pool;

    public Carrier(ThreadGroup group, Runnable task, String name, long stackSize) {
        super(group, task, name, stackSize);
    }
}
