package dev.weft.internal.sched;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenMBeanAttributeInfo;
import javax.management.openmbean.OpenMBeanOperationInfo;
import javax.management.openmbean.SimpleType;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link RuntimeMBean} as a JMX client sees it, through the platform MBean server: registered
 * once the server exists (by {@link RuntimeMBeanRegistrar}, within a few of its looks), its
 * info listing the design's attribute names as read-only open-typed integers, each attribute
 * answering to its design name and to the capitalized MXBean spelling, and the counts and the
 * dump following goroutines as they park, pin and end (the frames of this class, a weft package's,
 * are left out of dumps: an entry is recognised by its creator). Counts are compared with those read just
 * before, since goroutines of earlier tests in this JVM may still be parked.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeMBeanTest {
    private static final List<String> DESIGN_NAMES = List.of(
            "numGoroutine", "maxProcs", "running", "runnable", "waiting", "pinned");
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static MBeanServer server;
    private static ObjectName name;

    @BeforeAll
    static void awaitRegistration() throws Exception {
        server = ManagementFactory.getPlatformMBeanServer();
        name = new ObjectName(RuntimeMBean.NAME);
        Go.maxProcs(); // a scheduler, whose monitor registers the bean
        long deadline = System.nanoTime() + 5 * RuntimeMBeanRegistrar.LOOK_NANOS + LIMIT.toNanos();
        while (!server.isRegistered(name)) {
            if (System.nanoTime() - deadline > 0) {
                fail(RuntimeMBean.NAME + " was not registered within " + LIMIT + " of the platform MBean server's creation");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void registeredOnce_underItsName() throws Exception {
        assertEquals(Set.of(name), server.queryNames(new ObjectName("dev.weft:*"), null));
    }

    @Test
    void info_listsTheDesignNames_asReadOnlyIntegers_andDumpAnsweringAString() throws Exception {
        MBeanInfo info = server.getMBeanInfo(name);
        List<String> names = new ArrayList<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            names.add(a.getName());
            assertEquals(SimpleType.INTEGER, ((OpenMBeanAttributeInfo) a).getOpenType(), a.getName());
            assertTrue(a.isReadable() && !a.isWritable() && !a.isIs(), a.getName() + " is not read-only");
        }
        assertEquals(DESIGN_NAMES, names);
        MBeanOperationInfo[] ops = info.getOperations();
        assertEquals(1, ops.length);
        assertEquals("dump", ops[0].getName());
        assertEquals(0, ops[0].getSignature().length);
        assertEquals(SimpleType.STRING, ((OpenMBeanOperationInfo) ops[0]).getReturnOpenType());
        assertEquals("true", info.getDescriptor().getFieldValue("mxbean"));
    }

    @Test
    void everyAttribute_answersToTheDesignNameAndToTheCapitalizedName() throws Exception {
        Go.run(() -> {
            String[] both = new String[DESIGN_NAMES.size() * 2];
            for (int i = 0; i < DESIGN_NAMES.size(); i++) {
                both[2 * i] = DESIGN_NAMES.get(i);
                both[2 * i + 1] = capitalized(DESIGN_NAMES.get(i));
                assertInstanceOf(Integer.class, server.getAttribute(name, both[2 * i + 1]), both[2 * i + 1]);
            }
            AttributeList values = server.getAttributes(name, both);
            assertEquals(Arrays.asList(both), values.asList().stream().map(Attribute::getName).toList());
            for (int i = 0; i < both.length; i += 2) {
                if (!both[i].equals("numGoroutine")) { // the others come from one scan, or never change
                    assertEquals(values.asList().get(i).getValue(), values.asList().get(i + 1).getValue(), both[i]);
                }
            }
            assertEquals(Go.maxProcs(), server.getAttribute(name, "MaxProcs"));
        });
    }

    @Test
    void waitingAndNumGoroutine_countGoroutinesAsTheyPark_andAsTheyEnd() {
        Go.run(() -> {
            int waiting = intAttribute("waiting");
            int all = intAttribute("numGoroutine");
            assertTrue(intAttribute("running") >= 1, "this goroutine, reading, is running");
            Chan<String> c = Chan.make();
            for (int i = 0; i < 3; i++) {
                Go.go(() -> parkedIn(c));
            }
            awaitAttribute("waiting", waiting + 3);
            assertEquals(all + 3, intAttribute("NumGoroutine"));
            c.close();
            awaitAttribute("Waiting", waiting);
            awaitAttribute("numGoroutine", all);
        });
    }

    @Test
    void pinned_countsAGoroutineParkedBelowAFrameThatCannotUnwind() {
        Go.run(() -> {
            int pinned = intAttribute("pinned");
            Chan<String> c = Chan.make();
            Go.go(() -> {
                Runnable notSuspendable = c::recv;
                notSuspendable.run();
            });
            awaitAttribute("pinned", pinned + 1);
            c.close();
            awaitAttribute("Pinned", pinned);
        });
    }

    @Test
    void dump_showsAParkedGoroutine_withItsWaitReasonAndCreator() {
        Go.run(() -> {
            Chan<String> c = Chan.make();
            Go.go(() -> parkedIn(c));
            String creator = "created by " + RuntimeMBeanTest.class.getName() + " in goroutine " + G.current().id + "\n";
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (!hasEntry((String) server.invoke(name, "dump", null, null), " [chan receive]:\n", creator)) {
                if (System.nanoTime() - deadline > 0) {
                    fail("the dump operation showed no goroutine parked in chan receive within " + LIMIT + ":\n"
                            + server.invoke(name, "dump", null, null));
                }
                Go.sleep(Duration.ofMillis(1));
            }
            c.close();
        });
    }

    /** Whether one goroutine's entry in {@code dump} contains both texts. */
    private static boolean hasEntry(String dump, String header, String line) {
        for (String entry : dump.split("\n\n")) {
            if (entry.startsWith("goroutine ") && entry.contains(header) && (entry + "\n").contains(line)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void unknownAttributes_writesAndOperations_areRefused() throws Exception {
        assertThrows(AttributeNotFoundException.class, () -> server.getAttribute(name, "numgoroutine"));
        assertThrows(AttributeNotFoundException.class, () -> server.getAttribute(name, "goroutines"));
        assertThrows(AttributeNotFoundException.class, () -> server.setAttribute(name, new Attribute("maxProcs", 1)));
        assertEquals(0, server.setAttributes(name, new AttributeList(List.of(new Attribute("maxProcs", 1)))).size());
        assertThrows(ReflectionException.class, () -> server.invoke(name, "gc", null, null));
        assertThrows(ReflectionException.class, () -> server.invoke(name, "dump", new Object[] {1}, new String[] {"int"}));
    }

    @Suspendable
    private static void parkedIn(Chan<String> c) {
        c.recv();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static int intAttribute(String attribute) {
        try {
            return (Integer) server.getAttribute(name, attribute);
        } catch (JMException e) {
            throw new AssertionError("reading " + attribute, e);
        }
    }

    /** Polls {@code attribute} until it reads {@code expected}; fails after {@link #LIMIT}. */
    @Suspendable
    private static void awaitAttribute(String attribute, int expected) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        int last;
        while ((last = intAttribute(attribute)) != expected) {
            if (System.nanoTime() - deadline > 0) {
                fail(attribute + " read " + last + ", not " + expected + ", for " + LIMIT + ":\n" + Goroutines.dump());
            }
            Go.sleep(Duration.ofMillis(1));
        }
    }
}
