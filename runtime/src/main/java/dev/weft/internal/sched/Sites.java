package dev.weft.internal.sched;

import dev.weft.internal.WeftClasses;

/** Where a goroutine was started: the first frame outside weft, for {@code created by}. */
final class Sites {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Sites() {}

    static StackTraceElement caller() {
        return WALKER.walk(s -> s.filter(f -> !WeftClasses.isWeft(f.getClassName()))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }
}
