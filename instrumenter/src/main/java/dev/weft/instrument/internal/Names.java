package dev.weft.instrument.internal;

/**
 * Every runtime name the rewritten code refers to: owners, members and descriptors of the
 * resume protocol. The instrumenter never links against the runtime, so these are strings;
 * {@code ProtocolNamesTest} checks each one against the runtime classes.
 */
public final class Names {
    private Names() {}

    private static final String API_PACKAGE = "dev/weft/";
    private static final String[] OWN_PACKAGES = {"dev/weft/internal/", "dev/weft/instrument/", "dev/weft/agent/"};

    /**
     * Whether a class, by internal name, is weft's own: the API package {@code dev/weft/} itself
     * and the packages {@code dev/weft/internal/}, {@code dev/weft/instrument/} and
     * {@code dev/weft/agent/} with theirs. Programs that merely live under {@code dev/weft/}
     * (the samples, the benchmarks) are not. The runtime's {@code WeftClasses} answers the same
     * for binary names; {@code ProtocolNamesTest} checks that they agree.
     */
    public static boolean isWeftClass(String internalName) {
        if (internalName.startsWith(API_PACKAGE) && internalName.indexOf('/', API_PACKAGE.length()) < 0) {
            return true;
        }
        for (String p : OWN_PACKAGES) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    public static final String SUSPENDABLE = "Ldev/weft/Suspendable;";
    public static final String WOVEN = "Ldev/weft/internal/cont/Woven;";

    public static final String FRAME_STACK = "dev/weft/internal/cont/FrameStack";
    public static final String FRAME_STACK_DESC = "L" + FRAME_STACK + ";";
    public static final String CURRENT = "current";
    public static final String CURRENT_DESC = "()" + FRAME_STACK_DESC;
    public static final String ENTER = "enter";
    public static final String ENTER_DESC = "(IILjava/lang/Object;)" + FRAME_STACK_DESC;
    public static final String RESUME_INDEX = "resumeIndex";
    public static final String RESUME_INDEX_DESC = "(Ljava/lang/Class;I)I";
    public static final String PUSH_RECORD = "pushRecord";
    public static final String PUSH_RECORD_DESC = "(Ljava/lang/Class;II)V";
    public static final String BAD_RESUME_INDEX = "badResumeIndex";
    public static final String BAD_RESUME_INDEX_DESC = "()Ljava/lang/IllegalStateException;";
    public static final String TOKEN = "token";
    public static final String TOKEN_DESC = "I";
    public static final String CALLEE = "callee";
    public static final String UNWINDING = "unwinding";
    public static final String RESUMING = "resuming";
    public static final String PREEMPT = "preempt";

    /** The call placed at loop back-edges, taken only when the monitor asked the goroutine to yield. */
    public static final String PREEMPTION = "dev/weft/internal/sched/Preemption";
    public static final String PREEMPTION_CHECK = "check";
    public static final String PREEMPTION_CHECK_DESC = "()V";

    public static final String THREAD_SLEEPS = "dev/weft/internal/sched/ThreadSleeps";

    /**
     * Where calls that take and release {@code java.util.concurrent} locks go in rewritten code:
     * a static method of the same name whose first parameter is the receiver (typed
     * {@link #JUC_LOCK} or {@link #JUC_STAMPED_LOCK}), then the call's own parameters, then, for
     * a call that takes a lock, the call site as a {@code String}.
     */
    public static final String JUC_LOCKS = "dev/weft/internal/cont/JucLocks";
    public static final String JUC_LOCK = "java/util/concurrent/locks/Lock";
    public static final String JUC_STAMPED_LOCK = "java/util/concurrent/locks/StampedLock";

    public static final String CLASS_INIT = "dev/weft/internal/cont/ClassInit";
    public static final String CLASS_INIT_ENSURE = "ensure";
    public static final String CLASS_INIT_ENSURE_DESC = "(Ljava/lang/Class;)V";

    public static final String CHAN = "dev/weft/Chan";
    /** Go's {@code <-chan T}: its {@code iterator()} is a channel's, as {@code Chan}'s is. */
    public static final String RECV_CHAN = "dev/weft/RecvChan";
    public static final String CHAN_ITERATOR = "iterator";

    /**
     * Where arm tokens come from (FrameStack.token): {@code Tokens.of(name + desc)}, unique per
     * name and descriptor in the JVM; rewritten code gets a token from an {@code invokedynamic}
     * of {@link #TOKEN_INDY_DESC} bootstrapped by {@link #TOKENS_BOOTSTRAP}, or calls
     * {@link #TOKENS_OF} in class files too old for {@code invokedynamic}.
     */
    public static final String TOKENS = "dev/weft/internal/cont/Tokens";
    public static final String TOKENS_OF = "of";
    public static final String TOKENS_OF_DESC = "(Ljava/lang/String;)I";
    public static final String TOKENS_BOOTSTRAP = "bootstrap";
    public static final String TOKENS_BOOTSTRAP_DESC = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
            + "Ljava/lang/invoke/MethodType;Ljava/lang/String;)Ljava/lang/invoke/CallSite;";
    public static final String TOKEN_INDY_NAME = "token";
    public static final String TOKEN_INDY_DESC = "()I";

    /** The key of the arm token for a call to a method of this name and descriptor. */
    public static String tokenKey(String name, String desc) {
        return name + desc;
    }

    /** Save and restore helpers, by value kind. */
    public enum Kind {
        INT("I", "pushInt", "popInt"),
        FLOAT("F", "pushFloat", "popFloat"),
        LONG("J", "pushLong", "popLong"),
        DOUBLE("D", "pushDouble", "popDouble"),
        REF("Ljava/lang/Object;", "pushRef", "popRef");

        public final String desc;
        public final String push;
        public final String pop;

        Kind(String desc, String push, String pop) {
            this.desc = desc;
            this.push = push;
            this.pop = pop;
        }

        public String pushDesc() {
            return "(" + desc + FRAME_STACK_DESC + ")V";
        }

        public String popDesc() {
            return "()" + desc;
        }
    }
}
