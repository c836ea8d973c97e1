package dev.weft.instrument.internal.race;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.util.Set;

/**
 * What race mode does around a call from application code, decided from the instruction alone
 * (owner, name, descriptor): nothing for most; for a call that synchronizes, the role the
 * runtime's {@code JdkSync} gives it; for a bulk array operation, the range it reads or writes;
 * for reflection, the field or element it touches; for {@code System.exit}, the status.
 *
 * <p>A call on a {@code java.util.concurrent} object synchronizes as its name says: a get, take,
 * poll, peek or lock acquires; a set, put, offer, add, complete, count-down, release, signal or
 * unlock releases; anything else (compareAndSet, getAndAdd, exchange, await, compute) does
 * both. A call through {@code java.util.Map} or another collection interface is treated the
 * same way, and the runtime checks that the receiver really is a concurrent collection.
 */
public final class CallRules {
    /** Roles, as the runtime's JdkSync numbers them. */
    public static final int ACQUIRE = 1;
    public static final int RELEASE = 2;
    public static final int BOTH = 3;
    public static final int MONITOR = 4;
    /** How a concurrent object a call returns is linked to its receiver, as JdkSync numbers them. */
    public static final int LINK_NONE = 0;
    public static final int LINK_READ = 1;
    public static final int LINK_WRITE = 2;
    public static final int LINK_SAME = 3;

    /** Task kinds, as the runtime's Task numbers them; -1 for an argument that is not a task. */
    private static final String[] TASK_TYPES = {
        "java/lang/Runnable", "java/util/concurrent/Callable", "java/util/function/Supplier",
        "java/util/function/Function", "java/util/function/BiFunction", "java/util/function/Consumer",
        "java/util/function/BiConsumer",
    };

    private static final Set<String> COLLECTION_INTERFACES = Set.of(
            "java/util/Map", "java/util/Collection", "java/util/List", "java/util/Set", "java/util/Queue",
            "java/util/Deque", "java/util/SortedMap", "java/util/NavigableMap", "java/util/SortedSet",
            "java/util/NavigableSet");

    /** Receivers whose functional arguments run elsewhere, later: executors and futures. */
    private static final Set<String> TASK_RUNNERS = Set.of(
            "java/util/concurrent/Executor", "java/util/concurrent/ExecutorService",
            "java/util/concurrent/ScheduledExecutorService", "java/util/concurrent/AbstractExecutorService",
            "java/util/concurrent/ThreadPoolExecutor", "java/util/concurrent/ScheduledThreadPoolExecutor",
            "java/util/concurrent/ForkJoinPool", "java/util/concurrent/CompletableFuture",
            "java/util/concurrent/CompletionStage", "java/util/concurrent/CompletionService",
            "java/util/concurrent/ExecutorCompletionService");

    /** java.util.concurrent classes that are not synchronizers. */
    private static final Set<String> NOT_SYNC = Set.of(
            "java/util/concurrent/TimeUnit", "java/util/concurrent/ThreadLocalRandom", "java/util/concurrent/Executors",
            "java/util/concurrent/locks/LockSupport");

    public enum Kind { SYNC, EXIT, ARRAYCOPY, RANGE, FIELD, ELEMENT, VAR_HANDLE, VAR_HANDLE_MADE }

    /** VarHandle access modes, as JdkSync numbers them. */
    public static final int VH_PLAIN_READ = 0;
    public static final int VH_PLAIN_WRITE = 1;
    public static final int VH_ATOMIC_READ = 2;
    public static final int VH_ATOMIC_WRITE = 3;
    public static final int VH_ATOMIC_UPDATE = 4;

    /**
     * A rule.
     *
     * @param tasks     per argument, the task kind to wrap it as, or -1; or null for none
     * @param wrapAll   whether the first Collection argument holds tasks (invokeAll, invokeAny)
     * @param ranges    for RANGE: per array argument, how its range is computed (see {@link Range})
     * @param write     for RANGE, FIELD, ELEMENT: whether the call writes
     */
    public record Rule(Kind kind, int role, int linkRole, int[] tasks, boolean wrapAll, Range[] ranges, boolean write) {
        /** Whether the call is a constructor whose new object is linked to its task. */
        public boolean constructor() {
            return kind == Kind.SYNC && role == CONSTRUCTS;
        }

        /** Whether the result is linked to the futures of the first argument (CompletableFuture.allOf, anyOf). */
        public boolean linksFirstArgument() {
            return kind == Kind.SYNC && role == LINKS_ARGUMENT;
        }
    }

    /** Pseudo-roles for {@link Rule#constructor} and {@link Rule#linksFirstArgument}. */
    private static final int CONSTRUCTS = 16;
    private static final int LINKS_ARGUMENT = 32;

    /**
     * Which elements of array argument {@code array} a bulk operation touches: {@code [from, from + length)},
     * each bound an argument index, or for {@code from} -1 (zero), for {@code length} -1 (all);
     * {@code lengthIsEnd} when the length argument is an end index; {@code minus} an argument
     * subtracted from the length (String.getChars's srcBegin), or -1.
     */
    public record Range(int array, int from, int length, boolean lengthIsEnd, int minus) {}

    private CallRules() {}

    /** The rule for a call, or null for a call race mode leaves alone. */
    public static Rule of(int opcode, String owner, String name, String desc) {
        Type[] args = Type.getArgumentTypes(desc);
        Type ret = Type.getReturnType(desc);
        if (opcode == Opcodes.INVOKESTATIC) {
            if ((owner.equals("java/lang/System") || owner.equals("java/lang/Runtime")) && name.equals("exit") && desc.equals("(I)V")) {
                return new Rule(Kind.EXIT, 0, 0, null, false, null, false);
            }
            if (owner.equals("java/lang/System") && name.equals("arraycopy")) {
                return new Rule(Kind.ARRAYCOPY, 0, 0, null, false, null, true);
            }
            if (owner.equals("java/util/Arrays")) {
                return arrays(name, args);
            }
            if (owner.equals("java/lang/String") && (name.equals("valueOf") || name.equals("copyValueOf"))
                    && args.length >= 1 && args[0].getDescriptor().equals("[C")) {
                return new Rule(Kind.RANGE, 0, 0, null, false, new Range[] {stringRange(args)}, false);
            }
            if (owner.equals("java/lang/reflect/Array") && (name.startsWith("get") || name.startsWith("set"))
                    && args.length >= 2 && !name.equals("getLength")) {
                return new Rule(Kind.ELEMENT, 0, 0, null, false, null, name.startsWith("set"));
            }
            if (owner.equals("java/util/concurrent/CompletableFuture")) {
                if ((name.equals("allOf") || name.equals("anyOf")) && args.length == 1) {
                    return new Rule(Kind.SYNC, LINKS_ARGUMENT, LINK_NONE, null, false, null, false);
                }
                int[] tasks = tasks(args);
                return tasks == null ? null : new Rule(Kind.SYNC, 0, LINK_NONE, tasks, false, null, false);
            }
            return null;
        }
        if (opcode == Opcodes.INVOKESPECIAL) {
            if (owner.equals("java/lang/String") && name.equals("<init>") && args.length >= 1
                    && (args[0].getDescriptor().equals("[C") || args[0].getDescriptor().equals("[B")
                    || args[0].getDescriptor().equals("[I"))) {
                return new Rule(Kind.RANGE, 0, 0, null, false, new Range[] {stringRange(args)}, false);
            }
            if (name.equals("<init>") && owner.startsWith("java/util/concurrent/")) {
                int[] tasks = tasks(args);
                return tasks == null ? null : new Rule(Kind.SYNC, CONSTRUCTS, LINK_NONE, tasks, false, null, false);
            }
            return null;
        }
        if (name.equals("wait") && (desc.equals("()V") || desc.equals("(J)V") || desc.equals("(JI)V"))) {
            return new Rule(Kind.SYNC, BOTH | MONITOR, LINK_NONE, null, false, null, false);
        }
        if (name.equals("start") && desc.equals("()V")) {
            return new Rule(Kind.SYNC, RELEASE, LINK_NONE, null, false, null, false); // a Thread's, checked at run time
        }
        if (name.equals("join") && (desc.equals("()V") || desc.equals("(J)V") || desc.equals("(JI)V"))) {
            return new Rule(Kind.SYNC, ACQUIRE, LINK_NONE, null, false, null, false);
        }
        if (owner.equals("java/lang/ref/Cleaner") && name.equals("register")) {
            // the action runs on the cleaner's thread, ordered after its registration (Go's AddCleanup)
            return new Rule(Kind.SYNC, 0, LINK_NONE, tasks(args), false, null, false);
        }
        if (owner.equals("java/lang/String") && (name.equals("getChars") && desc.equals("(II[CI)V")
                || name.equals("getBytes") && desc.equals("(II[BI)V"))) {
            return new Rule(Kind.RANGE, 0, 0, null, false, new Range[] {new Range(2, 3, 1, false, 0)}, true);
        }
        if (owner.equals("java/lang/reflect/Field") && (name.startsWith("get") || name.startsWith("set")) && args.length >= 1
                && args[0].getDescriptor().equals("Ljava/lang/Object;")) {
            return new Rule(Kind.FIELD, 0, 0, null, false, null, name.startsWith("set"));
        }
        if (owner.equals("java/lang/invoke/VarHandle")) {
            int mode = varHandleMode(name);
            return mode < 0 ? null : new Rule(Kind.VAR_HANDLE, mode, 0, null, false, null, false);
        }
        if (owner.equals("java/lang/invoke/MethodHandles$Lookup")
                && (name.equals("findVarHandle") || name.equals("findStaticVarHandle"))) {
            return new Rule(Kind.VAR_HANDLE_MADE, 0, 0, null, false, null, false);
        }
        boolean concurrent = owner.startsWith("java/util/concurrent/") && !NOT_SYNC.contains(owner);
        if (concurrent
                || (opcode == Opcodes.INVOKEINTERFACE && COLLECTION_INTERFACES.contains(owner))) {
            int link = LINK_NONE;
            if (ret.getSort() == Type.OBJECT) {
                if (name.equals("readLock")) {
                    link = LINK_READ;
                } else if (name.equals("writeLock")) {
                    link = LINK_WRITE;
                } else if (ret.getInternalName().startsWith("java/util/concurrent/")) {
                    link = LINK_SAME;
                }
            }
            if (name.endsWith("Plain")) {
                return null; // getPlain and setPlain order nothing
            }
            boolean runner = TASK_RUNNERS.contains(owner)
                    || (name.startsWith("compute") || name.equals("merge")) && (owner.endsWith("Map"));
            boolean all = runner && (name.equals("invokeAll") || name.equals("invokeAny"));
            return new Rule(Kind.SYNC, role(name), link, runner ? tasks(args) : null, all, null, false);
        }
        return null;
    }

    /** A VarHandle access mode's kind, or -1 for a method that accesses nothing. */
    static int varHandleMode(String name) {
        switch (name) {
            case "get": return VH_PLAIN_READ;
            case "set": return VH_PLAIN_WRITE;
            case "getVolatile": case "getAcquire": case "getOpaque": return VH_ATOMIC_READ;
            case "setVolatile": case "setRelease": case "setOpaque": return VH_ATOMIC_WRITE;
            default:
                return name.startsWith("compareAnd") || name.startsWith("weakCompareAnd") || name.startsWith("getAnd")
                        ? VH_ATOMIC_UPDATE : -1;
        }
    }

    /**
     * How a task handed to a method of {@code owner} uses the receiver, as JdkSync numbers it: a
     * stage's function runs after the stage (1), an executor's task releases into the executor
     * at its end, for awaitTermination (2), a map's compute function does both (3).
     */
    static int taskUses(String owner) {
        if (owner.equals("java/util/concurrent/CompletableFuture") || owner.equals("java/util/concurrent/CompletionStage")) {
            return 1;
        }
        return owner.endsWith("Map") ? 3 : 2;
    }

    /** Acquire, release or both, from the method's name. */
    static int role(String name) {
        if (name.startsWith("getAnd") || name.contains("AndGet") || name.startsWith("compareAnd") || name.startsWith("weakCompare")) {
            return BOTH;
        }
        if (name.startsWith("get") || name.startsWith("take") || name.startsWith("poll") || name.startsWith("peek")
                || name.startsWith("contains") || name.startsWith("is") || name.startsWith("lock")
                || name.startsWith("tryLock") || name.startsWith("acquire") || name.startsWith("tryAcquire")
                || name.equals("join") || name.equals("element") || name.equals("size") || name.equals("iterator")
                || name.startsWith("forEach") || name.equals("keySet") || name.equals("values") || name.equals("entrySet")
                || name.equals("toArray") || name.equals("resultNow") || name.equals("exceptionNow") || name.equals("validate")
                || name.startsWith("first") || name.startsWith("last") || name.equals("readLock") || name.equals("writeLock")
                || name.startsWith("tryOptimistic") || name.equals("stream")) {
            return ACQUIRE;
        }
        if (name.startsWith("set") || name.equals("lazySet") || name.startsWith("put") && !name.equals("putIfAbsent")
                || name.startsWith("offer") || name.startsWith("add") || name.equals("push") || name.startsWith("complete")
                || name.startsWith("obtrude") || name.equals("countDown") || name.equals("release") || name.startsWith("unlock")
                || name.startsWith("signal") || name.equals("arrive") || name.equals("arriveAndDeregister")
                || name.startsWith("transfer") || name.equals("execute") || name.equals("submit") || name.startsWith("schedule")
                || name.startsWith("shutdown") || name.equals("cancel") || name.equals("register") || name.equals("bulkRegister")) {
            return RELEASE;
        }
        return BOTH;
    }

    /** Per argument, the task kind it is wrapped as, or -1; null if none is a task. */
    private static int[] tasks(Type[] args) {
        int[] kinds = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].getSort() != Type.OBJECT) {
                continue;
            }
            for (int k = 0; k < TASK_TYPES.length; k++) {
                if (args[i].getInternalName().equals(TASK_TYPES[k])) {
                    if (kinds == null) {
                        kinds = new int[args.length];
                        java.util.Arrays.fill(kinds, -1);
                    }
                    kinds[i] = k;
                }
            }
        }
        return kinds;
    }

    private static Rule arrays(String name, Type[] args) {
        boolean write = name.equals("fill") || name.equals("sort") || name.equals("parallelSort") || name.equals("setAll")
                || name.equals("parallelSetAll") || name.equals("parallelPrefix");
        boolean ranged = name.equals("fill") || name.equals("sort") || name.equals("parallelSort") || name.equals("copyOfRange")
                || name.equals("binarySearch") || name.equals("parallelPrefix");
        if (!write && !ranged && !name.equals("copyOf") && !name.equals("equals") && !name.equals("hashCode")
                && !name.equals("toString") && !name.equals("deepEquals") && !name.equals("deepHashCode")
                && !name.equals("deepToString") && !name.equals("mismatch") && !name.equals("compare")) {
            return null;
        }
        java.util.List<Range> ranges = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].getSort() != Type.ARRAY) {
                continue;
            }
            boolean twoInts = i + 2 < args.length && args[i + 1].getSort() == Type.INT && args[i + 2].getSort() == Type.INT;
            if (name.equals("copyOf") && i + 1 < args.length) {
                ranges.add(new Range(i, -1, i + 1, false, -1));
            } else if (twoInts && (ranged || name.equals("equals") || name.equals("mismatch") || name.equals("compare"))) {
                ranges.add(new Range(i, i + 1, i + 2, true, -1));
            } else {
                ranges.add(new Range(i, -1, -1, false, -1));
            }
            if (write) {
                break; // only the first array is written
            }
        }
        return ranges.isEmpty() ? null : new Rule(Kind.RANGE, 0, 0, null, false, ranges.toArray(new Range[0]), write);
    }

    /** String's constructors and valueOf: the whole array, or (offset, count). */
    private static Range stringRange(Type[] args) {
        boolean offsetCount = args.length >= 3 && args[1].getSort() == Type.INT && args[2].getSort() == Type.INT;
        return offsetCount ? new Range(0, 1, 2, false, -1) : new Range(0, -1, -1, false, -1);
    }
}
