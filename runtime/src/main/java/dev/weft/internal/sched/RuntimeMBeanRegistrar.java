package dev.weft.internal.sched;

import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Puts {@link RuntimeMBean} into the platform MBean server, once there is one to put it in.
 *
 * <p>Why not at start-up. Creating the platform MBean server loads some 1,300 classes and takes
 * 0.4 s of CPU or more (JDK 17 and 25, measured on a two-core machine): too dear for every
 * program that starts a scheduler, when most never look. But whatever looks through JMX creates
 * that server first: JConsole and JMC through the local management agent they start by attach,
 * a program through {@code ManagementFactory.getPlatformMBeanServer()}. So the monitor thread
 * looks ({@link #poll}, once a second at most: {@code MBeanServerFactory.findMBeanServer}, a
 * copy of a short list) and, once some MBean server exists, a daemon thread ({@code weft-mbean})
 * registers the bean in the platform's. The bean appears within about a second of the server,
 * and a JMX client that is connected already is told of it, as of any registration; a program
 * that creates the server and reads the bean at once must wait for it. Nothing of
 * {@code java.management} is loaded during the first second of a scheduler, nor ever on a
 * goroutine's path.
 *
 * <p>The registering thread asks for the platform server rather than picking it from the list:
 * the list holds the server from the moment its creation starts, before the platform MXBeans are
 * in it, and {@code getPlatformMBeanServer} waits for a creation under way to end (it is
 * synchronized). The price: a program whose only MBean server is one of its own gets the
 * platform's too, created by that daemon thread, once.
 *
 * <p>Invariants. At most one registration per copy of the runtime: {@link #state} goes from
 * {@link #LOOKING} to {@link #REGISTERING} only on the monitor thread (and back only if no thread
 * could be started), and on to {@link #DONE} only on the registering thread, so at most one
 * registering thread ever runs. A second copy of the runtime (another class loader's) finds the
 * name taken and stops: the bean shows the first copy's goroutines. Nothing here throws: a
 * runtime image without {@code java.management}, or a security manager that forbids JMX, ends
 * the looking for good, silently, since nobody can look then either. No port is opened: the
 * platform MBean server opens none, and a connector is the JMX agent's, started by whoever asks
 * for one.
 *
 * <p>This class names JMX types only inside method bodies and catches only {@code java.lang}
 * types, so that loading and verifying it loads nothing of {@code java.management}: the monitor
 * calls it where that module may be missing.
 */
final class RuntimeMBeanRegistrar {
    /** How often the monitor looks for MBean servers. */
    static final long LOOK_NANOS = 1_000_000_000L;

    private static final int LOOKING = 0;
    private static final int REGISTERING = 1;
    private static final int DONE = 2;

    private static volatile int state = LOOKING;
    /** When the monitor last looked; from the first tick, so the first second never looks. Monitor thread only. */
    private static long lastLook = System.nanoTime();

    private RuntimeMBeanRegistrar() {}

    /**
     * Called by the monitor on every tick: at most once per {@link #LOOK_NANOS}, looks for MBean
     * servers and, once there is one, starts the registering thread. Monitor thread only; never
     * throws.
     */
    static void poll(long now) {
        if (state != LOOKING || now - lastLook < LOOK_NANOS) {
            return;
        }
        lastLook = now;
        try {
            if (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
                return;
            }
            state = REGISTERING;
            Thread t = new Thread(RuntimeMBeanRegistrar::register, "weft-mbean");
            t.setDaemon(true);
            t.start();
        } catch (OutOfMemoryError e) {
            state = LOOKING; // no memory or no thread to be had now: the next look tries again
        } catch (LinkageError | RuntimeException e) {
            state = DONE; // no java.management in this runtime image, or JMX is forbidden: nobody can look
        }
    }

    /** The registering thread. */
    private static void register() {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new RuntimeMBean(), new ObjectName(RuntimeMBean.NAME));
        } catch (Throwable e) {
            // the name is taken (a copy of the runtime in another class loader registered first),
            // or JMX refused: in either case there is nothing more to do, and nothing to report
        } finally {
            state = DONE;
        }
    }
}
