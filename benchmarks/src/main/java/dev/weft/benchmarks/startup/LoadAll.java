package dev.weft.benchmarks.startup;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The start-up benchmark's class loader workload ({@code benchmarks/startup.sh}): loads every
 * class of the given jars through the application class loader, the way a large program's
 * start-up loads its libraries, so that a run under {@code -javaagent:weft-agent.jar} pays the
 * agent's transform once per class, for classes that never use weft.
 *
 * <pre>
 *   java -cp STARTUP_CLASSES:JAR... dev.weft.benchmarks.startup.LoadAll JAR...
 * </pre>
 *
 * <p>Each jar named must also be on the class path: the loader that loads them is the
 * application's. Classes are loaded, not initialized ({@code Class.forName(name, false, loader)}):
 * the cost measured is reading, transforming and defining, not running static initializers.
 * Entries are taken in jar order; {@code module-info} and multi-release copies under
 * {@code META-INF/versions/} are left out (the loader picks the version of a class itself). A
 * class that cannot be loaded is counted, not fatal: optional dependencies of these jars (H2's
 * Lucene and servlet support, Jetty's optional modules) are not on the class path, and their
 * {@link NoClassDefFoundError}s are expected, and the same with and without the agent.
 *
 * <p>Prints one line for the script, the time from the first load to the last in milliseconds:
 * {@code RESULT loadall classes=N loaded=L failed=F ms=T}, and the failures by kind on stderr.
 */
public final class LoadAll {
    private LoadAll() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: LoadAll JAR... (each also on the class path)");
            System.exit(2);
        }
        List<String> names = new ArrayList<>();
        for (String jar : args) {
            names.addAll(classNames(new File(jar)));
        }
        ClassLoader loader = LoadAll.class.getClassLoader();
        Map<String, Integer> failures = new TreeMap<>();
        int loaded = 0;
        long start = System.nanoTime();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        int failed = names.size() - loaded;
        System.err.println("LoadAll: " + names.size() + " classes from " + args.length + " jars, " + failed
                + " not loadable " + failures);
        System.out.println("RESULT loadall classes=" + names.size() + " loaded=" + loaded + " failed=" + failed + " ms=" + ms);
    }

    /** The binary names of the classes {@code jar} holds, in jar order. */
    private static List<String> classNames(File jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String path = e.nextElement().getName();
                if (!path.endsWith(".class") || path.startsWith("META-INF/") || path.endsWith("module-info.class")) {
                    continue;
                }
                names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
            }
        }
        return names;
    }
}
