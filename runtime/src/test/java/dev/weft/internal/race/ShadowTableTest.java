package dev.weft.internal.race;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The detector's object-to-shadow table finds by identity and never keeps an object alive. */
class ShadowTableTest {
    /** An object whose equals and hashCode would make every instance one key, were they called. */
    private static final class SameToEveryone {
        @Override
        public boolean equals(Object o) {
            return o instanceof SameToEveryone;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    @Test
    void findsByIdentity_neverByEquals() {
        SameToEveryone a = new SameToEveryone();
        SameToEveryone b = new SameToEveryone();
        Shadow sa = ShadowTable.of(a);
        assertSame(sa, ShadowTable.of(a));
        assertNull(ShadowTable.peek(b));
        assertNotNull(ShadowTable.of(b));
        assertSame(sa, ShadowTable.peek(a));
    }

    @Test
    void keepsManyObjectsApart() {
        List<Object> objects = new ArrayList<>();
        List<Shadow> shadows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Object o = new Object();
            objects.add(o);
            shadows.add(ShadowTable.of(o));
        }
        for (int i = 0; i < objects.size(); i++) {
            assertSame(shadows.get(i), ShadowTable.peek(objects.get(i)));
        }
    }

    @Test
    @Timeout(60)
    void anObjectWithAShadow_isStillCollected() throws InterruptedException {
        Object o = new Object();
        ShadowTable.of(o).field(1);
        WeakReference<Object> ref = new WeakReference<>(o);
        o = null;
        while (ref.get() != null) {
            System.gc();
            Thread.sleep(10);
            byte[][] pressure = new byte[64][];
            for (int i = 0; i < pressure.length; i++) {
                pressure[i] = new byte[64 * 1024];
            }
        }
        assertNull(ref.get());
    }
}
