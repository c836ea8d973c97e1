package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-lived parent with a million short-lived children: each child's cancel detaches it
 * from the parent and releases its timer, so the parent holds nothing afterwards.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextLeakTest {

    @Test
    void millionCanceledChildrenOfALongLivedParent_leaveNothingAttached() throws Exception {
        try (CancelableContext parent = Context.withCancel(Context.background())) {
            int before = Go.numGoroutine();
            for (int i = 0; i < 1_000_000; i++) {
                CancelableContext child = i % 2 == 0
                        ? Context.withCancel(Context.withValue(parent, "k", i))
                        : Context.withTimeout(parent, Duration.ofHours(1));
                child.cancel();
                assertTrue(child.err() instanceof CanceledException);
            }
            Object children = children(parent);
            assertTrue(children == null || ((Collection<?>) children).isEmpty(),
                    "canceled children still attached to their parent: " + (children == null ? 0 : ((Collection<?>) children).size()));
            assertEquals(before, Go.numGoroutine(), "no watcher goroutine is left behind");
            assertNull(parent.err(), "canceling children never cancels the parent");
        }
    }

    /** The parent's set of attached children (an implementation detail this test looks into). */
    private static Object children(Context parent) throws Exception {
        Field f = parent.getClass().getDeclaredField("children");
        f.setAccessible(true);
        return f.get(parent);
    }
}
