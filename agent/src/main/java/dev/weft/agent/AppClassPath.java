package dev.weft.agent;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * The class path of the JDK's application class loader, {@code java.class.path}, searched the
 * way that loader's {@code URLClassPath} searches it, through jars of its own: so that the
 * pre-scan's reads of supertypes take the zip code the loader's own class loading keeps hot,
 * rather than a {@code jar:} URL connection per read (parsed, connected, its code cold).
 *
 * <p>What must stay true: a class file found here is the one the loader's class path lookup
 * finds. The loader looks through the class path's elements in order, each a directory or a jar
 * (one it cannot open is passed over), then through the jars a jar's {@code Class-Path}
 * attribute names, right after that jar, and through jars appended later
 * ({@code Instrumentation.appendToSystemClassLoaderSearch}: agents' jars). This holds the first
 * kind only, so a name found in element k is found by the loader in element k, the first k of
 * its elements being these, as long as no jar before k names a {@code Class-Path} or holds a
 * jar index ({@code META-INF/INDEX.LIST}, which sends a lookup to other jars first): at the first
 * jar that does, lookups stop after it (a name in it is still its). A name found nowhere here is
 * {@code null}, for the caller to ask the loader. Jars are opened as the loader opens them, for
 * the running Java version's entries of a multi-release jar, but without checking signatures (the
 * same bytes; the loader checks them when it loads). An element is opened when a lookup first
 * reaches it, as the loader opens it; one made or removed while the program runs may be seen
 * differently by the two, which is the one case this does not follow. A name with a {@code ..}
 * in it is never looked up here: no class has one, and it must not lead outside a directory.
 *
 * <p>Thread-safe: elements are opened under this object's monitor, once; lookups read them
 * without it.
 */
final class AppClassPath {
    /** An element that could not be opened (the loader passes over it too), or the end of what lookups may reach. */
    private static final Object SKIPPED = new Object();
    private static final Object END = new Object();

    private final String[] elements;
    /** Per element: null until opened, then a {@link File} (a directory), a {@link JarFile} or {@link #SKIPPED}. */
    private final AtomicReferenceArray<Object> opened;
    /** How many elements lookups may reach. Guarded by this; read without it only after an element is opened. */
    private volatile int reach;

    private AppClassPath(String[] elements) {
        this.elements = elements;
        this.opened = new AtomicReferenceArray<>(elements.length);
        this.reach = elements.length;
    }

    /** The class path {@code classPath} names, or null if it has a shape not followed here (an empty element). */
    static AppClassPath of(String classPath) {
        if (classPath == null || classPath.isEmpty()) {
            return null;
        }
        String[] elements = classPath.split(File.pathSeparator, -1);
        for (String e : elements) {
            if (e.isEmpty()) {
                return null; // the loader reads it as the working directory
            }
        }
        return new AppClassPath(elements);
    }

    /** The class file {@code resource} (a name ending {@code .class}) from the first element that has it, or null. */
    InputStream open(String resource) throws IOException {
        if (resource.contains("..")) {
            return null;
        }
        for (int i = 0; ; i++) {
            Object e = element(i);
            if (e == END) {
                return null;
            }
            if (e instanceof JarFile jar) {
                JarEntry entry = jar.getJarEntry(resource);
                if (entry != null) {
                    return jar.getInputStream(entry);
                }
            } else if (e instanceof File dir) {
                File file = new File(dir, resource.replace('/', File.separatorChar));
                if (file.exists()) {
                    return new FileInputStream(file);
                }
            }
        }
    }

    private Object element(int i) {
        if (i >= reach) {
            return END;
        }
        Object e = opened.get(i);
        return e != null ? e : openElement(i);
    }

    private synchronized Object openElement(int i) {
        if (i >= reach) {
            return END;
        }
        Object e = opened.get(i);
        if (e == null) {
            e = open(new File(elements[i]));
            if (e instanceof JarFile jar && namesOthers(jar)) {
                reach = i + 1;
            }
            opened.set(i, e);
        }
        return e;
    }

    private static Object open(File f) {
        if (f.isDirectory()) {
            return f;
        }
        try {
            return new JarFile(f, false, ZipFile.OPEN_READ, JarFile.runtimeVersion());
        } catch (IOException | RuntimeException e) {
            return SKIPPED;
        }
    }

    /** Whether the loader, after this jar, looks elsewhere than the next element: a Class-Path or a jar index. */
    private static boolean namesOthers(JarFile jar) {
        try {
            if (jar.getEntry("META-INF/INDEX.LIST") != null) {
                return true;
            }
            Manifest m = jar.getManifest();
            return m != null && m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) != null;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
