package dev.weft.samples.apps;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A launcher for {@code DumpIT}, as a container or a test framework is one: it runs the main
 * class {@code args[0]} from a class loader of its own over the class path {@code args[1]},
 * whose parent is the platform class loader, so that neither the program nor the weft runtime
 * it brings is visible to the application class loader.
 */
public final class OwnClassLoader {
    private OwnClassLoader() {}

    public static void main(String[] args) throws Exception {
        String[] entries = args[1].split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        ClassLoader own = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(own);
        own.loadClass(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    }
}
