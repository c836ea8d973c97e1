package dev.weft.internal.race;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * Object to {@link Shadow}, by identity, holding objects weakly: an object the program drops
 * is collected as if the detector were not there, and its shadow goes with it. Never calls a
 * method of the object (its {@code hashCode} or {@code equals} could be application code, and
 * race-instrumented at that).
 *
 * <p>Striped: each stripe is a chained hash table under its own monitor, which also expunges the
 * entries whose objects were collected. A shadow that exists is found without the monitor.
 */
final class ShadowTable {
    private static final int STRIPES = 64;
    private static final Stripe[] stripes = new Stripe[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private ShadowTable() {}

    /** The object's shadow, made on first use. */
    static Shadow of(Object o) {
        int h = System.identityHashCode(o);
        Stripe s = stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
        Shadow found = s.find(o, h);
        return found != null ? found : s.get(o, h, true);
    }

    /** The object's shadow, or null if it has none yet. */
    static Shadow peek(Object o) {
        int h = System.identityHashCode(o);
        Stripe s = stripes[(h ^ (h >>> 16)) & (STRIPES - 1)];
        Shadow found = s.find(o, h);
        return found != null ? found : s.get(o, h, false);
    }

    private static final class Entry extends WeakReference<Object> {
        final int hash;
        final Shadow shadow;
        Entry next;

        Entry(Object o, int hash, Shadow shadow, ReferenceQueue<Object> q, Entry next) {
            super(o, q);
            this.hash = hash;
            this.shadow = shadow;
            this.next = next;
        }
    }

    private static final class Stripe {
        private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
        private volatile Entry[] table = new Entry[64];
        private int size;

        /**
         * Looks without the lock, for the common case of a shadow that exists: an entry's
         * object and shadow are final, so a chain read while another thread relinks it may
         * miss an entry but never finds a wrong one, and a miss goes on to {@link #get}.
         */
        Shadow find(Object o, int h) {
            Entry[] t = table;
            for (Entry e = t[index(h, t.length)]; e != null; e = e.next) {
                if (e.hash == h && e.get() == o) {
                    return e.shadow;
                }
            }
            return null;
        }

        synchronized Shadow get(Object o, int h, boolean make) {
            expunge();
            Entry[] t = table;
            int i = index(h, t.length);
            for (Entry e = t[i]; e != null; e = e.next) {
                if (e.hash == h && e.get() == o) {
                    return e.shadow;
                }
            }
            if (!make) {
                return null;
            }
            Shadow s = new Shadow();
            t[i] = new Entry(o, h, s, collected, t[i]);
            if (++size > t.length) {
                grow();
            }
            return s;
        }

        private static int index(int h, int length) {
            return (h * 0x9E3779B9 >>> 7) & (length - 1);
        }

        private void grow() {
            Entry[] old = table;
            Entry[] t = new Entry[old.length * 2];
            for (Entry head : old) {
                for (Entry e = head; e != null; ) {
                    Entry next = e.next;
                    int i = index(e.hash, t.length);
                    e.next = t[i];
                    t[i] = e;
                    e = next;
                }
            }
            table = t;
        }

        private void expunge() {
            for (Reference<?> r; (r = collected.poll()) != null; ) {
                Entry dead = (Entry) r;
                int i = index(dead.hash, table.length);
                Entry prev = null;
                for (Entry e = table[i]; e != null; prev = e, e = e.next) {
                    if (e == dead) {
                        if (prev == null) {
                            table[i] = e.next;
                        } else {
                            prev.next = e.next;
                        }
                        size--;
                        break;
                    }
                }
            }
        }
    }
}
