package dev.weft.internal.race;

/**
 * FastTrack's state of one location (a field of one object, an array element, a static field, or
 * a pseudo-location such as a channel): the epoch of its last write, and the epoch of its last
 * read or, once reads happen concurrently, a read clock with one time per reading slot. Each
 * epoch keeps the code site and the origin of its access, for the report's "Previous" part.
 *
 * <p>The same-epoch cases (most accesses: the actor touched the location since its last
 * synchronization) are decided without a lock by a racy read of an epoch: a stale value only
 * sends the access to the locked path, which decides again.
 */
final class VarState {
    private volatile long write;
    private int writeSite;
    private Origin writeBy;
    private volatile long read;
    private int readSite;
    private Origin readBy;
    /** Concurrent reads, by slot, while {@link #read} is {@link #SHARED}. */
    private VectorClock readClock;
    private int[] readSites;
    private Origin[] readBys;

    private static final long SHARED = -1;

    /** A read by {@code a} at {@code site} of this location of {@code object} (element {@code index}, or -1). */
    void read(Actor a, int site, Object object, int index) {
        long e = a.epoch();
        if (read == e) {
            return;
        }
        Conflict race = null;
        synchronized (this) {
            long w = write;
            if (w != 0 && !a.covers(w)) {
                race = new Conflict(false, site, a.origin, true, writeSite, writeBy);
            }
            long r = read;
            if (r == e) {
                // another path got here first
            } else if (r != SHARED) {
                if (r == 0 || a.covers(r)) {
                    read = e;
                    readSite = site;
                    readBy = a.origin;
                } else {
                    readClock = new VectorClock();
                    readSites = new int[0];
                    readBys = new Origin[0];
                    shareRead(Epoch.slot(r), Epoch.clock(r), readSite, readBy);
                    shareRead(a.slot, a.clock, site, a.origin);
                    read = SHARED;
                }
            } else {
                shareRead(a.slot, a.clock, site, a.origin);
            }
        }
        if (race != null) {
            Reports.race(race, object, index);
        }
    }

    /** A write by {@code a} at {@code site}. */
    void write(Actor a, int site, Object object, int index) {
        long e = a.epoch();
        if (write == e) {
            return;
        }
        Conflict race = null;
        synchronized (this) {
            long w = write;
            if (w != 0 && w != e && !a.covers(w)) {
                race = new Conflict(true, site, a.origin, true, writeSite, writeBy);
            }
            long r = read;
            if (r == SHARED) {
                VectorClock rc = readClock;
                for (int s = 0; s < rc.length() && race == null; s++) {
                    int t = rc.get(s);
                    if (t > a.known(s)) {
                        race = new Conflict(true, site, a.origin, false, readSites[s], readBys[s]);
                    }
                }
                readClock = null;
                readSites = null;
                readBys = null;
                read = 0;
            } else if (r != 0 && race == null && !a.covers(r)) {
                race = new Conflict(true, site, a.origin, false, readSite, readBy);
            }
            write = e;
            writeSite = site;
            writeBy = a.origin;
        }
        if (race != null) {
            Reports.race(race, object, index);
        }
    }

    private void shareRead(int slot, int clock, int site, Origin by) {
        readClock.set(slot, clock);
        if (readSites.length <= slot) {
            readSites = java.util.Arrays.copyOf(readSites, Math.max(slot + 1, readSites.length * 2));
            readBys = java.util.Arrays.copyOf(readBys, readSites.length);
        }
        readSites[slot] = site;
        readBys[slot] = by;
    }
}
