package dev.weft.agent;

import dev.weft.instrument.ClassSource;
import dev.weft.instrument.RaceWeaver;
import dev.weft.instrument.WeaveOptions;
import dev.weft.instrument.WeaveResult;
import dev.weft.instrument.Weaver;
import dev.weft.instrument.internal.Names;
import dev.weft.instrument.internal.PreScan;
import dev.weft.internal.race.Sites;

import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The agent's one transformer: filters, weaves what passes, and never throws.
 *
 * <p>Most classes a program loads never use weft, and a full parse by ASM of each would be most
 * of what the agent costs at start-up. So each class that passes the filter is first read by the
 * instrumenter's {@link PreScan}, from its raw bytes, which answers at once for a class the weaver
 * would certainly leave as it is; only the others reach the weaver, which is made (and ASM
 * loaded) for a loader only when the first of them does. Race mode instruments every class, so
 * it has no pre-scan.
 *
 * <p>What must stay true:
 * <ul>
 *   <li>It never throws out of {@link #transform}: the JVM would swallow the exception and load
 *       the class unwoven without a word. Every failure is one line on stderr, and the class is
 *       left exactly as it was ({@code null}).
 *   <li>It never loads a class. The weaver and the pre-scan read the bytes of the classes they
 *       must know about as resources of the defining loader ({@link ClassSource#of},
 *       {@link LoaderClassFiles}), never through {@code Class.forName}, which could recurse into
 *       the loader that is busy defining the class (a {@code ClassCircularityError}) or
 *       initialize classes early.
 *   <li>A class the pre-scan skips is one the weaver would have left as it was (the
 *       pre-scan's invariant, checked on whole jars by the instrumenter's tests).
 *   <li>It weaves only at first load. A redefinition or retransformation cannot add the methods
 *       and fields a rewrite adds, so {@code classBeingRedefined != null} is left alone.
 *   <li>It is silent unless asked: weaver warnings and failures only, unless {@code verbose}.
 *   <li>What it prints of a class's name, or of a warning or exception that may quote class
 *       bytes, goes through {@link Printable}: a name may hold newlines and terminal escapes.
 * </ul>
 *
 * <p>Threads: {@code transform} runs on whichever thread loads a class, several at once. The
 * pre-scans and weavers are kept one of each per class loader (their caches of class facts are
 * per loader, because a name means a different class in another loader) in a weak map guarded by
 * its own monitor; those of a loader that has been collected go with it. A pre-scan and a weaver
 * serve several threads at once (both are thread-safe), so scanning and weaving take no lock.
 */
final class WeftTransformer implements ClassFileTransformer {
    /**
     * The JDK's packages, never woven. Nor are weft's own classes ({@link Names#isWeftClass}:
     * the API, the runtime's internals with the relocated ASM, the instrumenter and this agent);
     * programs under {@code dev.weft} (the samples, the benchmarks) are woven like any other.
     */
    private static final List<String> SKIPPED_PREFIXES = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/");

    /** Weaves one class's bytes for one loader; never expected to throw, but may. */
    @FunctionalInterface
    interface ClassWeaver {
        WeaveResult weave(byte[] classBytes);
    }

    private final AgentOptions options;
    private final PrintStream err;
    private final Function<ClassLoader, ClassWeaver> newWeaver;
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();

    /** Guarded by itself. Values must not reach their key strongly, or no loader would ever go. */
    private final Map<ClassLoader, PerLoader> loaders = new WeakHashMap<>();

    /**
     * What is kept for one loader: its pre-scan (null in race mode, which has none) and its weaver,
     * made when the first class passes the pre-scan. Neither reaches the loader strongly.
     */
    private static final class PerLoader {
        final PreScan scan;
        /** Written once, under this object's monitor; read without it. */
        volatile ClassWeaver weaver;

        PerLoader(PreScan scan) {
            this.scan = scan;
        }
    }

    WeftTransformer(AgentOptions options) {
        this(options, System.err, options.race() ? WeftTransformer::raceWeaver : WeftTransformer::realWeaver);
    }

    /** For tests: where messages go, and how a loader's weaver is made. */
    WeftTransformer(AgentOptions options, PrintStream err, Function<ClassLoader, ClassWeaver> newWeaver) {
        this.options = options;
        this.err = err;
        this.newWeaver = newWeaver;
    }

    /**
     * The instrumenter's weaver for {@code loader}. Its class source holds the loader weakly:
     * the weaver is the value of a {@link WeakHashMap} entry keyed by that loader, and a strong
     * reference from value to key would keep every loader alive for ever.
     */
    static ClassWeaver realWeaver(ClassLoader loader) {
        return new Weaver(weakSource(loader), WeaveOptions.DEFAULT)::weave;
    }

    private static ClassSource weakSource(ClassLoader loader) {
        WeakReference<ClassLoader> ref = new WeakReference<>(loader);
        return name -> {
            ClassLoader l = ref.get();
            return l == null ? null : ClassSource.of(l).classBytes(name);
        };
    }

    /**
     * Race mode's weaver for {@code loader}: the race instrumentation first, then the
     * suspendable rewrite on what it made, their warnings together.
     */
    static ClassWeaver raceWeaver(ClassLoader loader) {
        RaceWeaver race = new RaceWeaver(weakSource(loader), Sites::register);
        ClassWeaver weaver = realWeaver(loader);
        return bytes -> {
            WeaveResult raced = race.weave(bytes);
            WeaveResult woven = weaver.weave(raced.bytes() != null ? raced.bytes() : bytes);
            List<String> warnings = new ArrayList<>(raced.warnings());
            warnings.addAll(woven.warnings());
            byte[] out = woven.bytes() != null ? woven.bytes() : raced.bytes();
            return new WeaveResult(woven.className(), out, woven.rewrittenMethods(), warnings);
        };
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (!wanted(loader, className, classBeingRedefined)) {
            return null;
        }
        try {
            PerLoader l = perLoader(loader);
            if (l.scan != null && l.scan.skips(classfileBuffer)) {
                return null;
            }
            return weave(weaverFor(l, loader), className, classfileBuffer);
        } catch (Throwable t) {
            // Includes Errors such as a StackOverflowError in a pathological method: the class
            // still loads, unwoven, and the program decides what to make of the missing rewrite.
            err.println("weft: could not weave " + dotted(className) + ": " + Printable.of(t.toString()) + "; left as it was");
            if (options.verbose()) {
                printStackTrace(t);
            }
            return null;
        }
    }

    /** The filter: true for a class this agent should offer to the weaver. */
    boolean wanted(ClassLoader loader, String className, Class<?> classBeingRedefined) {
        if (className == null || loader == null || loader == platformLoader || classBeingRedefined != null) {
            return false;
        }
        for (String prefix : SKIPPED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return !Names.isWeftClass(className) && options.accepts(className);
    }

    private byte[] weave(ClassWeaver weaver, String className, byte[] classfileBuffer) {
        WeaveResult result = weaver.weave(classfileBuffer);
        for (String warning : result.warnings()) {
            // a warning names classes and methods read from class bytes: one line, escaped
            err.println(Printable.of(warning.startsWith("weft: ") ? warning : "weft: " + warning));
        }
        byte[] bytes = result.bytes();
        if (bytes == null) {
            return null;
        }
        if (options.verbose()) {
            err.println("weft: wove " + dotted(className) + " (" + result.rewrittenMethods() + " "
                    + (result.rewrittenMethods() == 1 ? "method" : "methods") + " rewritten)");
        }
        Path dump = options.dump();
        if (dump != null) {
            dump(dump.resolve(className + ".class"), className, bytes);
        }
        return bytes;
    }

    /**
     * A trace, its causes included (suppressed ones left out), each message {@link Printable}:
     * a message may quote class bytes, and one of its newlines must not pass for a line of the
     * trace.
     */
    private void printStackTrace(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            err.println((c == t ? "" : "Caused by: ") + Printable.of(c.toString()));
            for (StackTraceElement frame : c.getStackTrace()) {
                err.println("\tat " + Printable.of(frame.toString()));
            }
        }
    }

    /**
     * What is kept for the loader, made on first use. It is made outside the lock: making it
     * loads classes, and no class loading may happen while a thread holds a lock that another
     * thread, itself holding a class-loading lock, may be waiting for in transform. Two threads
     * may both make one; the first stored wins and the other is dropped.
     */
    private PerLoader perLoader(ClassLoader loader) {
        synchronized (loaders) {
            PerLoader l = loaders.get(loader);
            if (l != null) {
                return l;
            }
        }
        PerLoader made = new PerLoader(options.race() ? null : new PreScan(LoaderClassFiles.of(loader)));
        synchronized (loaders) {
            PerLoader l = loaders.get(loader);
            if (l != null) {
                return l;
            }
            loaders.put(loader, made);
            return made;
        }
    }

    /**
     * The loader's weaver, made on first use, outside any lock for the same reason as
     * {@link #perLoader}; of two made at once, the first stored wins.
     */
    private ClassWeaver weaverFor(PerLoader l, ClassLoader loader) {
        ClassWeaver w = l.weaver;
        if (w != null) {
            return w;
        }
        ClassWeaver made = newWeaver.apply(loader);
        synchronized (l) {
            if (l.weaver == null) {
                l.weaver = made;
            }
            return l.weaver;
        }
    }

    /**
     * Checks at start-up that option {@code dump=DIR} names a writable directory. The agent
     * creates the package directories below it, never DIR itself, so that a misspelt DIR is an
     * error rather than a new directory nobody looks in.
     *
     * @throws IllegalArgumentException with the message the agent prints before it stops the JVM
     */
    static void checkDumpDirectory(Path dir) {
        String why = !Files.exists(dir) ? "directory " + dir + " does not exist; create it first"
                : !Files.isDirectory(dir) ? dir + " is not a directory"
                : !Files.isWritable(dir) ? "directory " + dir + " is not writable"
                : null;
        if (why != null) {
            throw new IllegalArgumentException(AgentOptions.PREFIX + "option \"dump\": " + why);
        }
    }

    /** Writes a rewritten class for inspection; a failure here does not undo the weaving. */
    private void dump(Path file, String className, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (Exception e) {
            err.println("weft: could not dump " + dotted(className) + " to " + Printable.of(file.toString()) + ": "
                    + Printable.of(e.toString()));
        }
    }

    /** The name as printed: dotted, and {@link Printable}, since it came from class bytes. */
    private static String dotted(String internalName) {
        return Printable.of(internalName.replace('/', '.'));
    }
}
