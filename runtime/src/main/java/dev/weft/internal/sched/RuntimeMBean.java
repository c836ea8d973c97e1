package dev.weft.internal.sched;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanAttributeInfoSupport;
import javax.management.openmbean.OpenMBeanConstructorInfo;
import javax.management.openmbean.OpenMBeanInfoSupport;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.OpenMBeanOperationInfoSupport;
import javax.management.openmbean.OpenMBeanParameterInfo;
import javax.management.openmbean.SimpleType;
import java.util.List;
import java.util.function.Supplier;

/**
 * The platform MBean {@code dev.weft:type=Runtime}: what JConsole, JMC or any JMX client sees of
 * weft's scheduler. Read-only {@code int} attributes {@code numGoroutine}
 * ({@code Go.numGoroutine()}), {@code maxProcs} (GOMAXPROCS) and the goroutines by state,
 * {@code running}, {@code runnable}, {@code waiting} and {@code pinned}
 * ({@link Goroutines#counts}); one operation, {@code dump()}, which answers {@code Go.dump()}'s
 * text. {@link RuntimeMBeanRegistrar} registers it; this class only answers.
 *
 * <p>Names. The attributes are named as the design names them, in lower camel case, and the
 * {@link MBeanInfo} lists only those, so a tool shows each attribute once. An MXBean interface
 * would have derived {@code NumGoroutine} from {@code getNumGoroutine()}, so a client written to
 * that convention asks for the capitalized name: {@link #getAttribute} accepts either spelling
 * of each name (only the first letter may differ). The operation keeps its name, {@code dump},
 * as an MXBean's operations do. A hand-written {@link DynamicMBean} rather than a
 * {@code StandardMBean} over an interface, because only it can answer to two spellings while
 * listing one.
 *
 * <p>Open types only: each attribute is a {@link SimpleType#INTEGER}, the operation's result a
 * {@link SimpleType#STRING}, and the {@link MBeanInfo} is an {@link OpenMBeanInfoSupport} whose
 * descriptor says {@code mxbean=true}: a client needs no weft class to read any of it, as with
 * any MXBean, and the info never changes ({@code immutableInfo=true}).
 *
 * <p>Values. Every read is fresh and none stops the scheduler: the counts are read goroutine by
 * goroutine, so they are approximate while goroutines switch, as {@link Goroutines#counts} says.
 * The counts of one {@link #getAttributes} call (what JConsole polls) come from one scan, so
 * they are consistent with one another and the scan is made once, not once per attribute.
 */
final class RuntimeMBean implements DynamicMBean {
    static final String NAME = "dev.weft:type=Runtime";

    private static final List<String> ATTRIBUTES = List.of(
            "numGoroutine", "maxProcs", "running", "runnable", "waiting", "pinned");

    private static final MBeanInfo INFO = new OpenMBeanInfoSupport(
            RuntimeMBean.class.getName(),
            "weft's scheduler: its goroutines by state, GOMAXPROCS, and the goroutine dump",
            new OpenMBeanAttributeInfo[] {
                attribute("numGoroutine", "Goroutines that exist now, as Go.numGoroutine()"),
                attribute("maxProcs", "Processors (Ps) that run goroutines at once: GOMAXPROCS, as Go.maxProcs()"),
                attribute("running", "Goroutines running on a carrier thread now"),
                attribute("runnable", "Goroutines ready to run, waiting for a P"),
                attribute("waiting", "Goroutines parked in a weft operation (a channel, select, a lock, a sleep...)"),
                attribute("pinned", "Goroutines waiting while holding their carrier thread (a park that could not unwind)"),
            },
            new OpenMBeanConstructorInfo[0],
            new OpenMBeanOperationInfo[] {
                new OpenMBeanOperationInfoSupport("dump",
                        "Every goroutine with its wait reason and stack, in Go.dump()'s format (Go's SIGQUIT dump)",
                        new OpenMBeanParameterInfo[0], SimpleType.STRING, MBeanOperationInfo.INFO),
            },
            new MBeanNotificationInfo[0],
            new ImmutableDescriptor("mxbean=true", "immutableInfo=true"));

    private static OpenMBeanAttributeInfo attribute(String name, String description) {
        return new OpenMBeanAttributeInfoSupport(name, description, SimpleType.INTEGER, true, false, false);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return INFO;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        return value(name, Goroutines::counts);
    }

    /** The attributes asked for that exist, each under the name it was asked by; the others are left out. */
    @Override
    public AttributeList getAttributes(String[] names) {
        Goroutines.Counts[] scan = new Goroutines.Counts[1];
        Supplier<Goroutines.Counts> once = () -> scan[0] != null ? scan[0] : (scan[0] = Goroutines.counts());
        AttributeList values = new AttributeList();
        for (String name : names) {
            try {
                values.add(new Attribute(name, value(name, once)));
            } catch (AttributeNotFoundException e) {
                // left out, as getAttributes does for an attribute it cannot read
            }
        }
        return values;
    }

    /** {@code name}'s value; the state counts come from {@code counts}. */
    private static Integer value(String name, Supplier<Goroutines.Counts> counts) throws AttributeNotFoundException {
        switch (designName(name)) {
            case "numGoroutine":
                return Scheduler.get().numGoroutine();
            case "maxProcs":
                return Scheduler.get().maxProcs();
            case "running":
                return counts.get().running();
            case "runnable":
                return counts.get().runnable();
            case "waiting":
                return counts.get().waiting();
            case "pinned":
                return counts.get().pinned();
            default:
                throw new AttributeNotFoundException(NAME + " has no attribute \"" + name + "\"; it has " + ATTRIBUTES);
        }
    }

    /** The design's spelling of an attribute name: {@code NumGoroutine} is {@code numGoroutine}. */
    private static String designName(String name) {
        return name == null || name.isEmpty() ? ""
                : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(NAME + "'s attributes are read-only: cannot set \"" + attribute.getName() + "\"");
    }

    /** Sets nothing, as every attribute is read-only: answers the empty list of those set. */
    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String operation, Object[] params, String[] signature) throws ReflectionException {
        if ("dump".equals(operation) && (params == null || params.length == 0)) {
            return Goroutines.dump();
        }
        throw new ReflectionException(new NoSuchMethodException(operation + " with " + (params == null ? 0 : params.length)
                + " parameters"), NAME + " has one operation, dump(), which takes no parameters");
    }
}
