package dev.weft.internal.sched;

/** Where a goroutine was started: the first frame outside weft, for {@code created by}. */
final class Sites {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Sites() {}

    static StackTraceElement caller() {
        return WALKER.walk(s -> s.filter(f -> !f.getClassName().startsWith("dev.weft."))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }
}
