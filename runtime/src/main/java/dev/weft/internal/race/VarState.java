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
    /**
     * Concurrent reads while {@link #read} is {@link #SHARED}: FastTrack's read clock, as a list
     * of the reading slots with each one's time, site and origin (few read at once).
     */
    private int readers;
    private int[] readSlots;
    private int[] readTimes;
    private int[] readSites;
    private Origin[] readBys;

    private static final long SHARED = -1;

    /** A read by {@code a} at {@code site} of this location of {@code object} (element {@code index}, or -1). */
    void read(Actor a, int site, Object object, int index) {
        a.touched = true;
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
                    readers = 0;
                    readSlots = new int[4];
                    readTimes = new int[4];
                    readSites = new int[4];
                    readBys = new Origin[4];
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
        a.touched = true;
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
                for (int i = 0; i < readers && race == null; i++) {
                    if (readTimes[i] > a.known(readSlots[i])) {
                        race = new Conflict(true, site, a.origin, false, readSites[i], readBys[i]);
                    }
                }
                readSlots = null;
                readTimes = null;
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
        int i = 0;
        while (i < readers && readSlots[i] != slot) {
            i++;
        }
        if (i == readers) {
            if (readers == readSlots.length) {
                int n = readers * 2;
                readSlots = java.util.Arrays.copyOf(readSlots, n);
                readTimes = java.util.Arrays.copyOf(readTimes, n);
                readSites = java.util.Arrays.copyOf(readSites, n);
                readBys = java.util.Arrays.copyOf(readBys, n);
            }
            readSlots[i] = slot;
            readers++;
        }
        readTimes[i] = clock;
        readSites[i] = site;
        readBys[i] = by;
    }
}
