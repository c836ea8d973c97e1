package dev.weft.instrument.internal;

import dev.weft.instrument.ClassSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells from a class file's raw bytes, without ASM, that the weaver has nothing to do in it: the
 * agent's fast path for the many classes of a program that never use weft, which would otherwise
 * each pay ASM's full parse of every method.
 *
 * <p>The invariant: {@link #skips} answers true only for a class that {@link ClassWeaver}, run
 * as the agent runs it ({@code WeaveOptions.DEFAULT}), given the same bytes and a class source
 * that answers as this scan's {@link ClassFiles} do, leaves unchanged ({@code bytes == null}).
 * False means "maybe": the weaver decides. It is also the answer for bytes this scan cannot read,
 * which the weaver then reports as it always has; only the warnings the weaver would have printed
 * about a class it leaves unchanged anyway (one ASM cannot read, say) are lost.
 *
 * <p>Why the rule below is enough. The weaver changes a class only by rewriting one of its
 * methods (the rewrite, and {@link JucLocks}' redirection, run only inside such candidates; a
 * bridged method reference is kept only if some method was rewritten), and a method is a
 * candidate only if it is
 * <ol>
 *   <li>suspendable ({@link Suspendables#isSuspendable} on the class itself): annotated
 *       {@code @Suspendable} in this class, which needs the annotation's descriptor among this
 *       class's constants, or reached from a supertype by name and descriptor, which needs a
 *       supertype, direct or not, whose class file holds that descriptor;
 *   <li>the body of a lambda whose functional interface's method is suspendable: the interface is
 *       the return type of an {@code invokedynamic}'s descriptor, a constant of this class, and
 *       its method is suspendable only if the interface or a supertype of it holds the
 *       annotation's descriptor (the bridges of {@code MethodRefBridges} are such lambda bodies);
 *   <li>or a method named {@code lambda$...} that a bridge of this class calls
 *       ({@code ClassWeaver.bridgedMethods}): a method flagged {@code ACC_BRIDGE} whose code
 *       holds an invoke instruction naming a {@code lambda$...} method of this class.
 * </ol>
 * So a class is skipped when its constants hold no {@code Ldev/weft/Suspendable;}, no supertype
 * and no functional interface of an {@code invokedynamic} is suspendable-capable (below), and no
 * bridge of it calls a {@code lambda$} method of its own (javac never emits one; a bridge's code
 * is searched at every byte, not instruction by instruction, which can only find more). Strings
 * are compared as ASM decodes them (modified UTF-8, leniently), so no encoding trick hides a name
 * from this scan that the weaver would see.
 *
 * <p>A type is suspendable-capable if its class file holds the annotation's descriptor or one of
 * its supertypes is suspendable-capable: a superset of the types through which the weaver's
 * {@code Suspendables.resolve} can find an annotated method. Shortcuts, each a safe answer: an
 * array type is not (the weaver resolves no method of one); nor is a class under {@code java/}
 * (the JVM lets only the JDK's loaders define those, and the JDK refers to no weft type); a class
 * under {@code dev/weft/} is, unread (weft's API is full of suspendable types); a type with no
 * class file is not (the weaver, finding none, resolves nothing in it); and a type whose class
 * file cannot be read, or whose supertypes loop or go up more than {@value #MAX_DEPTH}, is. Of a
 * supertype's class file only the constants and the header are read, usually two thirds of it.
 * Answers are cached per instance, keyed by name, as the weaver caches what it reads: one
 * instance per class loader, since a name means another class in another loader. A class
 * offered to {@link #skips} is cached from the bytes offered, as {@code ClassHierarchy.define}
 * caches the class being woven, so a subclass loaded after it reads nothing.
 *
 * <p>Thread-safe: classes load on several threads at once. Two threads racing to work out the
 * same type both do and store the same answer. Each thread scans in buffers of its own.
 */
public final class PreScan {
    private static final String SUSPENDABLE = Names.SUSPENDABLE;
    private static final String LAMBDA = "lambda$";
    private static final int ACC_BRIDGE = 0x0040, ACC_NATIVE = 0x0100, ACC_ABSTRACT = 0x0400;
    /** The four invoke opcodes that make ASM's {@code MethodInsnNode}s, 0xB6 to 0xB9. */
    private static final int INVOKEVIRTUAL = 0xB6, INVOKEINTERFACE = 0xB9;
    /**
     * How far up a hierarchy the scan goes before it gives up (a safe answer): far beyond any
     * real one, and short of a deep recursion; supertypes that loop reach it too.
     */
    private static final int MAX_DEPTH = 100;
    /** How much of a supertype's class file is read first (inflated, in a jar: the cost of a read). */
    private static final int READ_STEP = 1024;

    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELD_REF = 9, METHOD_REF = 10, INTERFACE_METHOD_REF = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
            METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;
    /** The size of a constant of each tag but {@code UTF8}, its tag included; 0 for no constant. */
    private static final byte[] SIZES = new byte[PACKAGE + 1];

    static {
        for (int tag : new int[] {CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE}) {
            SIZES[tag] = 3;
        }
        SIZES[METHOD_HANDLE] = 4;
        for (int tag : new int[] {INTEGER, FLOAT, FIELD_REF, METHOD_REF, INTERFACE_METHOD_REF, NAME_AND_TYPE, DYNAMIC,
                INVOKE_DYNAMIC}) {
            SIZES[tag] = 5;
        }
        SIZES[LONG] = 9;
        SIZES[DOUBLE] = 9;
    }

    /**
     * Where the scan reads the class files of supertypes and functional interfaces. It must find
     * what the weaver's {@link ClassSource} finds; a stream, because the scan reads only the
     * beginning of each.
     */
    @FunctionalInterface
    public interface ClassFiles {
        /** The class file of {@code internalName}, or null if there is none. */
        InputStream open(String internalName) throws IOException;
    }

    private final ClassFiles files;
    /**
     * Type name to {@link Boolean#TRUE} or {@link Boolean#FALSE}, whether it is
     * suspendable-capable; or to the names of its direct supertypes (a {@code String[]}), for a
     * class offered to {@link #skips} whose own constants do not hold the annotation: it is
     * capable if one of them is, worked out when first asked.
     */
    private final Map<String, Object> capable = new ConcurrentHashMap<>(1024);

    public PreScan(ClassFiles files) {
        this.files = files;
    }

    /** A scan that reads what {@code source} answers, as the weaver given it does. */
    public static PreScan over(ClassSource source) {
        return new PreScan(name -> {
            byte[] bytes = source.classBytes(name);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        });
    }

    /**
     * True if the weaver would certainly leave {@code classBytes} as they are; false if it may
     * change them, or if they cannot be read here. Never throws.
     *
     * <p>Whether the class's supertypes are suspendable-capable is asked only if it has a method
     * the weaver could rewrite as suspendable (one with code, not abstract, native or a bridge,
     * not a constructor or initializer): a class without one, such as most interfaces, has
     * nothing for an annotated method up its hierarchy to make suspendable. Its supertypes are
     * then noted, not read, and usually loaded (and so offered here) before anyone asks about
     * them: the JVM loads a class's supertypes just after offering the class.
     */
    public boolean skips(byte[] classBytes) {
        try {
            // Everything wanted of the class file is taken while it holds the thread's scratch
            // buffers, which reading a supertype then reuses.
            String name;
            String[] supertypes;
            String[] interfaces;
            boolean mayBeSuspendable;
            Scratch scratch = Scratch.acquire();
            try {
                ClassFile c = ClassFile.start(classBytes, classBytes.length, scratch);
                if (c == null || c.parse() != 0) {
                    return false;
                }
                name = c.className(c.thisClass);
                if (c.mentionsSuspendable) {
                    capable.put(name, Boolean.TRUE);
                    return false;
                }
                supertypes = c.supertypes();
                c.readMethods(name);
                if (c.bridgeCallsLambda) {
                    capable.put(name, supertypes);
                    return false;
                }
                interfaces = c.functionalInterfaces();
                mayBeSuspendable = c.mayBeSuspendable;
            } finally {
                scratch.release();
            }
            if (mayBeSuspendable) {
                boolean answer = anyCapable(supertypes, 0);
                capable.put(name, answer);
                if (answer) {
                    return false;
                }
            } else {
                capable.put(name, supertypes);
            }
            for (String fi : interfaces) {
                if (fi.equals(name) ? isKnownCapable(name, 0) : isCapable(fi, 0)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException | StackOverflowError e) {
            return false; // unreadable here, or a hierarchy too deep: the weaver decides
        }
    }

    /**
     * Whether the type named {@code name} is suspendable-capable, reading it if not known;
     * {@code depth} is how many supertypes up from the type first asked about it is.
     */
    private boolean isCapable(String name, int depth) {
        if (name.startsWith("[") || name.startsWith("java/")) {
            return false;
        }
        if (name.startsWith("dev/weft/")) {
            return true;
        }
        return isKnownCapable(name, depth);
    }

    /** {@link #isCapable} without its shortcuts: from what is cached, else from its class file. */
    private boolean isKnownCapable(String name, int depth) {
        Object known = capable.get(name);
        if (known instanceof Boolean b) {
            return b;
        }
        if (depth > MAX_DEPTH) {
            return true; // no answer cached: supertypes that loop, which no class the JVM loads has
        }
        boolean answer = known instanceof String[] supertypes ? anyCapable(supertypes, depth + 1) : read(name, depth + 1);
        capable.put(name, answer);
        return answer;
    }

    private boolean anyCapable(String[] types, int depth) {
        for (String t : types) {
            if (isCapable(t, depth)) {
                return true;
            }
        }
        return false;
    }

    private boolean read(String name, int depth) {
        String[] supertypes;
        try (InputStream in = files.open(name)) {
            if (in == null) {
                return false;
            }
            Scratch scratch = Scratch.acquire();
            try {
                ClassFile c = readHeader(in, scratch);
                if (c == null || c.mentionsSuspendable) {
                    return true;
                }
                supertypes = c.supertypes();
            } finally {
                scratch.release();
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
        return anyCapable(supertypes, depth);
    }

    /**
     * The constants and header of the class file {@code in} holds, or null if it is no class
     * file: read into the thread's scratch buffer, {@link #READ_STEP} first, then as far as the
     * constants read so far suggest the header ends, and no further than it reaches by much.
     */
    private static ClassFile readHeader(InputStream in, Scratch scratch) throws IOException {
        byte[] b = scratch.bytes;
        int n = in.readNBytes(b, 0, READ_STEP);
        ClassFile c = ClassFile.start(b, n, scratch);
        if (c == null) {
            return null;
        }
        for (int need = c.parse(); need != 0; need = c.parse()) {
            int to = Math.max(need, Math.min(Math.max(c.headerEstimate(), n + READ_STEP / 4), n + 4 * READ_STEP));
            if (to > b.length) {
                b = scratch.grow(b, to);
            }
            int got = in.readNBytes(b, n, to - n);
            if (n + got < need) {
                throw new IllegalArgumentException("class file ends inside its constants or header");
            }
            n += got;
            c.extend(b, n);
        }
        return c;
    }

    /**
     * A thread's buffers for the constant offsets of the class file being scanned and the bytes of
     * a supertype being read: classes load one after another on a thread, and most of what a scan
     * would otherwise allocate is these. A buffer grown past {@link #KEPT} is not kept. Held by
     * one scan at a time: a class loaded while they are held (by a class loader's own code that a
     * read runs, say) is scanned with buffers of its own.
     */
    private static final class Scratch {
        static final int KEPT = 1 << 16;
        private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

        int[] offsets = new int[1024];
        byte[] bytes = new byte[4 * READ_STEP];
        private boolean held;

        /** The thread's scratch buffers, or new ones if they are held. */
        static Scratch acquire() {
            Scratch s = OF_THREAD.get();
            if (s.held) {
                return new Scratch();
            }
            s.held = true;
            return s;
        }

        void release() {
            held = false;
        }

        /**
         * Room for the offsets of {@code count} constants. What it holds is stale: the scan
         * writes every slot it may read (see {@link ClassFile#offsets}).
         */
        int[] offsets(int count) {
            if (count > offsets.length) {
                int[] grown = new int[count];
                if (count <= KEPT) {
                    offsets = grown;
                }
                return grown;
            }
            return offsets;
        }

        /** {@code current} (this buffer, or one grown from it) grown to hold {@code size} bytes, what it held kept. */
        byte[] grow(byte[] current, int size) {
            byte[] grown = Arrays.copyOf(current, Math.max(size, 2 * current.length));
            if (grown.length <= KEPT) {
                bytes = grown;
            }
            return grown;
        }
    }

    /**
     * The parts of a class file the scan reads: its constant pool, walked once, and the header
     * after it (and, for {@link #readMethods}, its methods). {@link #parse} can stop where
     * the bytes at hand end, and go on when {@link #extend} brings more. A read past the end of
     * a malformed file throws, which {@link #skips} answers with false.
     */
    private static final class ClassFile {
        private byte[] b;
        /** How many bytes of {@link #b} hold the class file (all of them but for a header read). */
        private int length;
        /**
         * The offset of each constant's contents (just past its tag), by constant index, for the
         * first {@link #count}; 0 for index 0 and the second slot of a long or double.
         */
        private final int[] offsets;
        private final int count;
        /** The next constant {@link #parse} reads, and where it starts. */
        private int next = 1;
        private int p = 10;
        /** The constant indices of the {@code CONSTANT_InvokeDynamic} entries, {@link #invokeDynamics} of them. */
        private int[] invokeDynamic = new int[8];
        private int invokeDynamics;
        private boolean mentionsSuspendable;
        /** A Utf8 constant starts with {@code lambda$}: perhaps the name of a method called. */
        private boolean refersToLambda;
        /**
         * Set by {@link #readMethods}: a method has code and is no bridge, constructor or
         * initializer, so the weaver asks whether it is suspendable.
         */
        private boolean mayBeSuspendable;
        /**
         * Set by {@link #readMethods}: a method flagged {@code ACC_BRIDGE} may call a
         * {@code lambda$} method of this class: an invoke opcode followed by the index of a method
         * reference to one, at any position of a bridge's code. Every real call instruction is
         * such a position, so this never misses one; a misaligned match only costs a trip to the
         * weaver.
         */
        private boolean bridgeCallsLambda;
        private int thisClass;
        private int superClass;
        private int interfaceCount;
        /** Where the interface indices start. */
        private int interfaces;

        private ClassFile(byte[] b, int length, Scratch scratch) {
            this.b = b;
            this.length = length;
            this.count = u2(8);
            this.offsets = scratch.offsets(count);
            offsets[0] = 0;
        }

        /**
         * The class file whose first {@code length} bytes {@code b} holds, or null if it is none
         * (no magic number). Its offsets are {@code scratch}'s until the next class file of the thread.
         */
        static ClassFile start(byte[] b, int length, Scratch scratch) {
            if (length < 10 || (b[0] & 0xFF) != 0xCA || (b[1] & 0xFF) != 0xFE || (b[2] & 0xFF) != 0xBA || (b[3] & 0xFF) != 0xBE) {
                return null;
            }
            return new ClassFile(b, length, scratch);
        }

        /** More of the same class file: {@code b} now holds its first {@code length} bytes. */
        void extend(byte[] b, int length) {
            this.b = b;
            this.length = length;
        }

        /**
         * Reads on through the constants and the header. Answers 0 once they are read, or how
         * many bytes of the file it needs to go on (more than it has). Throws if they are malformed.
         */
        int parse() {
            // Locals for the fields the loop reads and writes, written back wherever it stops: it
            // runs for every constant of every class loaded, first interpreted, then in code
            // compiled for profiling, before a compiler makes registers of them.
            byte[] b = this.b;
            int[] offsets = this.offsets;
            int length = this.length;
            int count = this.count;
            int next = this.next;
            int p = this.p;
            try {
                for (; next < count; next++) {
                    if (p + 3 > length) {
                        return p + 3;
                    }
                    int tag = b[p];
                    int size;
                    if (tag == UTF8) {
                        size = 3 + (((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF));
                    } else if (tag >= 0 && tag < SIZES.length && SIZES[tag] != 0) {
                        size = SIZES[tag];
                    } else {
                        throw new IllegalArgumentException("constant " + next + " has tag " + tag);
                    }
                    if (p + size > length) {
                        return p + size;
                    }
                    offsets[next] = p + 1;
                    if (tag == UTF8) {
                        if (size > 3) {
                            // a decoded 'L' or 'l' is that byte, or starts with a byte above 0x7F
                            int first = b[p + 3];
                            if (first == 'L' || first < 0) {
                                mentionsSuspendable |= decodesTo(p + 3, p + size, SUSPENDABLE, true);
                            }
                            if (first == 'l' || first < 0) {
                                refersToLambda |= decodesTo(p + 3, p + size, LAMBDA, false);
                            }
                        }
                    } else if (tag == INVOKE_DYNAMIC) {
                        if (invokeDynamics == invokeDynamic.length) {
                            invokeDynamic = Arrays.copyOf(invokeDynamic, invokeDynamics * 2);
                        }
                        invokeDynamic[invokeDynamics++] = next;
                    } else if (tag == LONG || tag == DOUBLE) {
                        next++; // takes two slots
                        if (next < count) {
                            offsets[next] = 0;
                        }
                    }
                    p += size;
                }
            } finally {
                this.next = next;
                this.p = p;
            }
            if (p + 8 > length) {
                return p + 8;
            }
            interfaceCount = u2(p + 6);
            if (p + 8 + 2 * interfaceCount > length) {
                return p + 8 + 2 * interfaceCount;
            }
            thisClass = u2(p + 2);
            superClass = u2(p + 4);
            interfaces = p + 8;
            return 0;
        }

        /**
         * Where the header probably ends, from the constants {@link #parse} has read so far: the
         * rest are taken to be as long on average, and a little is added, so that most headers
         * are read in two steps and not much past their end.
         */
        int headerEstimate() {
            int read = Math.max(next - 1, 1);
            return p + (int) ((long) (p - 10) * (count - next) / read) + 64;
        }

        /** The names of the direct supertypes: the superclass (if any), then the interfaces. */
        String[] supertypes() {
            String[] names = new String[(superClass != 0 ? 1 : 0) + interfaceCount];
            int n = 0;
            if (superClass != 0) {
                names[n++] = className(superClass);
            }
            for (int i = 0; i < interfaceCount; i++) {
                names[n++] = className(u2(interfaces + 2 * i));
            }
            return names;
        }

        /** The internal name a {@code CONSTANT_Class} entry holds. */
        String className(int classIndex) {
            return utf8(u2(offsetOf(classIndex, CLASS)));
        }

        /**
         * The return type of a {@code CONSTANT_InvokeDynamic}'s descriptor as ASM's
         * {@code Type.getReturnType(desc).getInternalName()} names it: the class's internal name,
         * an array's descriptor, or a primitive's letter.
         */
        /**
         * The return types of the {@code invokedynamic}s, as {@link #returnType} names them, but
         * for those that {@link #returnsJdkType} (string concatenation, a JDK functional
         * interface: most of them).
         */
        String[] functionalInterfaces() {
            String[] types = new String[invokeDynamics];
            int n = 0;
            for (int i = 0; i < invokeDynamics; i++) {
                if (!returnsJdkType(invokeDynamic[i])) {
                    types[n++] = returnType(invokeDynamic[i]);
                }
            }
            return n == types.length ? types : Arrays.copyOf(types, n);
        }

        /**
         * Whether a {@code CONSTANT_InvokeDynamic}'s descriptor, all ASCII, returns a class under
         * {@code java/} or an array: what {@link #returnType} would name, and {@link #isCapable}
         * answer false for, decided on the bytes without a string.
         */
        boolean returnsJdkType(int indyIndex) {
            int nameAndType = u2(offsetOf(indyIndex, INVOKE_DYNAMIC) + 2);
            int start = offsetOf(u2(offsetOf(nameAndType, NAME_AND_TYPE) + 2), UTF8) + 2;
            int end = start + u2(start - 2);
            int close = -1;
            for (int at = start; at < end; at++) {
                if (b[at] < 0) {
                    return false; // not ASCII: left to returnType, which decodes as ASM does
                }
                if (b[at] == ')' && close < 0) {
                    close = at;
                }
            }
            return close >= 0 && close + 1 < end
                    && (b[close + 1] == '[' || decodesTo(close + 1, end, "Ljava/", false));
        }

        String returnType(int indyIndex) {
            int nameAndType = u2(offsetOf(indyIndex, INVOKE_DYNAMIC) + 2);
            String desc = utf8(u2(offsetOf(nameAndType, NAME_AND_TYPE) + 2));
            String ret = desc.substring(desc.indexOf(')') + 1);
            return ret.startsWith("L") && ret.endsWith(";") ? ret.substring(1, ret.length() - 1) : ret;
        }

        /**
         * Walks the fields and methods after the header, for {@link #mayBeSuspendable} and
         * {@link #bridgeCallsLambda} of class {@code self}; no further than it takes to know both.
         */
        void readMethods(String self) {
            int at = interfaces + 2 * interfaceCount;
            int fields = u2(at);
            at += 2;
            for (int i = 0; i < fields; i++) {
                at = skipAttributes(at + 6);
            }
            int methods = u2(at);
            at += 2;
            for (int i = 0; i < methods && !(mayBeSuspendable && !refersToLambda); i++) {
                int access = u2(at);
                boolean bridge = (access & ACC_BRIDGE) != 0;
                boolean eligible = (access & (ACC_ABSTRACT | ACC_NATIVE | ACC_BRIDGE)) == 0 && !isUtf8(u2(at + 2), "<", false);
                int attributes = u2(at + 6);
                at += 8;
                for (int a = 0; a < attributes; a++) {
                    int size = u4(at + 2);
                    if ((eligible || bridge && refersToLambda) && isUtf8(u2(at), "Code", true)) {
                        mayBeSuspendable |= eligible;
                        bridgeCallsLambda |= bridge && refersToLambda && codeCallsLambda(at + 6, size, self);
                    }
                    at += 6 + size;
                }
            }
        }

        private int skipAttributes(int at) {
            int count = u2(at);
            at += 2;
            for (int i = 0; i < count; i++) {
                at += 6 + u4(at + 2);
            }
            return at;
        }

        /** Searches a {@code Code} attribute's bytecode (its contents at {@code start}) as {@link #bridgeCallsLambda} says. */
        private boolean codeCallsLambda(int start, int size, String self) {
            int code = start + 8;
            int end = Math.min(code + u4(start + 4), start + size);
            for (int at = code; at + 2 < end; at++) {
                int op = b[at] & 0xFF;
                if (op >= INVOKEVIRTUAL && op <= INVOKEINTERFACE && isLambdaOf(u2(at + 1), self)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether constant {@code index} is a method reference to a {@code lambda$} method of {@code self}. */
        private boolean isLambdaOf(int index, String self) {
            if (index <= 0 || index >= count || offsets[index] == 0) {
                return false;
            }
            int tag = b[offsets[index] - 1];
            if (tag != METHOD_REF && tag != INTERFACE_METHOD_REF) {
                return false;
            }
            int nameAndType = u2(offsets[index] + 2);
            return isUtf8(u2(offsetOf(nameAndType, NAME_AND_TYPE)), LAMBDA, false)
                    && className(u2(offsets[index])).equals(self);
        }

        /** Whether constant {@code index} is a Utf8 that decodes to {@code text} (starts with it, unless {@code whole}). */
        private boolean isUtf8(int index, String text, boolean whole) {
            int start = offsetOf(index, UTF8) + 2;
            return decodesTo(start, start + u2(start - 2), text, whole);
        }

        private int offsetOf(int index, int tag) {
            if (index <= 0 || index >= count || offsets[index] == 0 || b[offsets[index] - 1] != tag) {
                throw new IllegalArgumentException("constant " + index + " is not of tag " + tag);
            }
            return offsets[index];
        }

        /** A Utf8 constant decoded as ASM's {@code ClassReader.readUtf} decodes it. */
        private String utf8(int index) {
            int start = offsetOf(index, UTF8) + 2;
            int end = start + u2(start - 2);
            int ascii = start;
            while (ascii < end && b[ascii] > 0) {
                ascii++;
            }
            if (ascii == end) {
                return new String(b, start, end - start, StandardCharsets.ISO_8859_1); // a name, nearly always
            }
            char[] chars = new char[end - start];
            int n = 0;
            for (int at = start; at < end; ) {
                int c = b[at++];
                if ((c & 0x80) == 0) {
                    chars[n++] = (char) (c & 0x7F);
                } else if ((c & 0xE0) == 0xC0) {
                    chars[n++] = (char) (((c & 0x1F) << 6) + (b[at++] & 0x3F));
                } else {
                    chars[n++] = (char) (((c & 0xF) << 12) + ((b[at++] & 0x3F) << 6) + (b[at++] & 0x3F));
                }
            }
            return new String(chars, 0, n);
        }

        /**
         * Whether the modified UTF-8 in {@code [start, end)}, decoded as {@link #utf8} decodes it,
         * starts with {@code text} (is exactly {@code text} if {@code whole}). Stops at the first
         * character that differs.
         */
        private boolean decodesTo(int start, int end, String text, boolean whole) {
            int at = start;
            for (int i = 0; i < text.length(); i++) {
                if (at >= end) {
                    return false;
                }
                int c = b[at++];
                char ch;
                if ((c & 0x80) == 0) {
                    ch = (char) (c & 0x7F);
                } else if ((c & 0xE0) == 0xC0) {
                    ch = (char) (((c & 0x1F) << 6) + (b[at++] & 0x3F));
                } else {
                    ch = (char) (((c & 0xF) << 12) + ((b[at++] & 0x3F) << 6) + (b[at++] & 0x3F));
                }
                if (ch != text.charAt(i)) {
                    return false;
                }
            }
            return !whole || at >= end;
        }

        private int u2(int at) {
            return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        }

        private int u4(int at) {
            return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        }
    }
}
