package dev.weft.internal.sched;

/** Test hook: where {@code Go.go} would say a goroutine was created, if called from here's caller. */
public final class SitesHook {
    private SitesHook() {}

    public static StackTraceElement creationSite() {
        return Sites.caller();
    }
}
