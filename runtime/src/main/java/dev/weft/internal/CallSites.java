package dev.weft.internal;

/**
 * Where something happened in application code: the innermost frame of the calling thread
 * outside weft, for a goroutine's {@code created by} line and a park event's blocking site.
 */
public final class CallSites {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private CallSites() {}

    /** The innermost frame outside weft, or null if every frame is weft's. */
    public static StackTraceElement outsideWeft() {
        return WALKER.walk(s -> s.filter(f -> !WeftClasses.isWeft(f.getClassName()))
                .findFirst().map(StackWalker.StackFrame::toStackTraceElement).orElse(null));
    }

    /**
     * {@code e} as a line of a Java stack trace names it, {@code pkg.Class.method(File.java:42)},
     * without the class loader and module that {@link StackTraceElement#toString} may put first.
     */
    public static String describe(StackTraceElement e) {
        String file = e.getFileName() == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + file + ")";
    }
}
