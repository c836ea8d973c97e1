package dev.weft.benchmarks;

import java.util.concurrent.ThreadFactory;

/**
 * The JDK's threads as the peers of weft's goroutines: a factory of virtual threads (JDK 21 and
 * newer) or of platform threads, both daemons so that a benchmark ends when its main thread
 * does. The module compiles with {@code --release 17}, so {@code Thread.ofVirtual().factory()}
 * is looked up reflectively; the code that uses the factory is ordinary.
 */
public final class JdkThreads {
    private JdkThreads() {}

    /** {@code Thread.ofVirtual().factory()}; on a JDK older than 21, an error that says so. */
    public static ThreadFactory virtual() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or newer; this is " + Runtime.version(), e);
        }
    }

    /** Platform daemon threads, with the stack size of {@code -Xss}. */
    public static ThreadFactory platform() {
        return r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
    }
}
