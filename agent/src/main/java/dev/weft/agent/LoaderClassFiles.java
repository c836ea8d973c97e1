package dev.weft.agent;

import dev.weft.instrument.ClassSource;
import dev.weft.instrument.internal.PreScan;

import java.io.InputStream;
import java.lang.module.ResolvedModule;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where the pre-scan reads the class files of a loader's supertypes: what the weaver's
 * {@link ClassSource#of} reads, {@code loader.getResourceAsStream(name + ".class")}, but as
 * cheaply as it can be had, since a program's start-up reads hundreds of them.
 *
 * <p>Asked that way, the JDK's application class loader (the class path's) first asks the
 * platform and boot loaders, which search every JDK module for a name in none of their
 * packages, and it hands back what it finds through a {@code jar:} URL connection: most of what
 * a read costs. So for that loader, plainly set up (no module of the boot layer but the JDK's
 * mapped to it: no module path), a name is looked up in {@code java.class.path} (read when the
 * loader's first class is offered, before the program's {@code main} runs, so as the JVM set
 * it), searched by {@link AppClassPath} as the loader searches it; then, in a package of a JDK
 * module, answered "none"; then looked up on the loader's class path as it now stands (what was
 * appended since: agents' jars), through its unnamed module; and only then asked of the loader
 * as the weaver asks it.
 *
 * <p>Why the pre-scan comes to the same answers. The two lookups differ only for a name the
 * loader finds before its class path (in a JDK module; a module path is excluded above) or one
 * in a JDK module's package. A JDK class refers to no weft type, so it makes no type
 * suspendable-capable, and neither does "none": a class-path copy of one could only stop a
 * skip, never make one. A class in a JDK module's package that the module lacks cannot be
 * loaded (a named module's package is never split), nor can a subclass of it. Not followed: a
 * class both on the class path and on an appended boot class path ({@code -Xbootclasspath/a},
 * which a running JVM does not reveal), or in a module that a layer made at run time maps to the
 * application class loader; a class found only there is read as the weaver reads it.
 *
 * <p>Any other loader is asked as the weaver asks it. The loader is held weakly: the reader is
 * kept in a map keyed weakly by the loader.
 */
final class LoaderClassFiles {
    private LoaderClassFiles() {}

    static PreScan.ClassFiles of(ClassLoader loader) {
        WeakReference<ClassLoader> ref = new WeakReference<>(loader);
        boolean classPathFirst = isPlainApplicationLoader(loader);
        AppClassPath classPath = classPathFirst ? AppClassPath.of(System.getProperty("java.class.path")) : null;
        return name -> {
            ClassLoader l = ref.get();
            if (l == null) {
                return null;
            }
            String resource = name.concat(".class");
            if (classPathFirst) {
                InputStream in = classPath != null ? classPath.open(resource) : null;
                if (in != null || JdkPackages.has(name)) {
                    return in;
                }
                in = l.getUnnamedModule().getResourceAsStream(resource); // what was appended since
                if (in != null) {
                    return in;
                }
            }
            return l.getResourceAsStream(resource);
        };
    }

    /**
     * Whether {@code loader} is the JDK's application class loader, with the platform loader its
     * parent and no module of the boot layer but the JDK's.
     */
    private static boolean isPlainApplicationLoader(ClassLoader loader) {
        if (!loader.getClass().getName().equals("jdk.internal.loader.ClassLoaders$AppClassLoader")
                || loader.getParent() != ClassLoader.getPlatformClassLoader()) {
            return false;
        }
        ModuleLayer boot = ModuleLayer.boot();
        for (Module m : boot.modules()) {
            if (m.getClassLoader() != loader) {
                continue;
            }
            // the JDK's own modules (some are the application loader's: jdk.compiler, say) are fine
            Optional<ResolvedModule> resolved = boot.configuration().findModule(m.getName());
            if (resolved.isEmpty() || !isJdk(resolved.get())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJdk(ResolvedModule m) {
        Optional<URI> location = m.reference().location();
        return location.isPresent() && "jrt".equals(location.get().getScheme());
    }

    /** The packages of the JDK's modules in the boot layer, by internal name; made when first asked. */
    private static final class JdkPackages {
        static final Set<String> PACKAGES = packages();

        private static Set<String> packages() {
            Set<String> packages = new HashSet<>();
            for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
                if (isJdk(m)) {
                    for (String p : m.reference().descriptor().packages()) {
                        packages.add(p.replace('.', '/'));
                    }
                }
            }
            return packages;
        }

        /** Whether the class {@code internalName} is in one of them. */
        static boolean has(String internalName) {
            int slash = internalName.lastIndexOf('/');
            return slash > 0 && PACKAGES.contains(internalName.substring(0, slash));
        }
    }
}
