package dev.weft.junit;

import dev.weft.internal.Tunables;
import dev.weft.internal.sched.Goroutines;

/**
 * Keeps the runtime recording where each goroutine is started while any leak check is under
 * way, so that a leak names the line that started it ({@code created by}). Checks nest (a
 * class's around its tests') and may overlap under parallel execution, so they are counted:
 * the first to begin turns recording on, the last to end puts back the JVM's start-up setting
 * ({@code -Dweft.goroutineSites}). The count is guarded by this class's monitor.
 */
final class CreationSites {
    private static int checks;

    private CreationSites() {}

    static synchronized void acquire() {
        if (checks++ == 0) {
            Goroutines.recordCreationSites(true);
        }
    }

    static synchronized void release() {
        if (--checks == 0) {
            Goroutines.recordCreationSites(Tunables.goroutineSites());
        }
    }
}
