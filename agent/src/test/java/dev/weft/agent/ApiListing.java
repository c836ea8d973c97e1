package dev.weft.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one or more packages, as text: what {@code api/*.api} holds and
 * {@link PublicApiTest} compares, in the spirit of kotlinx's API dumps. One block per public
 * class, its header then one line per public or protected member, everything sorted, so a
 * change of the API is a readable diff. A method marked {@code @Suspendable} says so: which
 * calls park is part of weft's contract.
 *
 * <p>It also collects every type a public signature names, so the test can fail when one of
 * them is internal: users could not write that type, and it would pin an internal class to
 * the API.
 */
final class ApiListing {
    /** The listing, class by class. */
    String text;
    /** Each internal type a public signature names, with where. */
    final Set<String> internalTypes = new TreeSet<>();

    private ApiListing() {
    }

    /**
     * Lists the packages {@code pkgs} (separated by spaces; not their subpackages) of the
     * classes that {@code anchor} was loaded from.
     */
    static ApiListing of(Class<?> anchor, String pkgs) {
        Map<String, List<String>> blocks = new TreeMap<>();
        ApiListing listing = new ApiListing();
        List<Class<?>> classes = new ArrayList<>();
        for (String pkg : pkgs.trim().split(" +")) {
            classes.addAll(classesOf(anchor, pkg));
        }
        for (Class<?> c : classes) {
            if (!isApi(c)) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (isApi(k)) {
                    lines.add(listing.member(c, k, c.getSimpleName()));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (isApi(m) && !m.isBridge()) {
                    lines.add(listing.member(c, m, m.getName()));
                }
            }
            for (Field f : c.getDeclaredFields()) {
                if (isApi(f)) {
                    lines.add(modifiers(f.getModifiers()) + listing.type(c, f.getGenericType()) + " " + f.getName());
                }
            }
            lines.sort(null);
            blocks.put(c.getName(), lines);
            lines.add(0, listing.header(c));
        }
        StringBuilder b = new StringBuilder();
        for (List<String> lines : blocks.values()) {
            b.append(lines.get(0)).append('\n');
            for (String l : lines.subList(1, lines.size())) {
                b.append("  ").append(l).append('\n');
            }
            b.append('\n');
        }
        listing.text = b.toString();
        return listing;
    }

    private static boolean isApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isSynthetic() || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return !c.getSimpleName().equals("package-info");
    }

    private static boolean isApi(Member m) {
        int mod = m.getModifiers();
        boolean visible = Modifier.isPublic(mod) || (Modifier.isProtected(mod) && !Modifier.isFinal(m.getDeclaringClass().getModifiers()));
        return visible && !m.isSynthetic();
    }

    private String header(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : c.isRecord() ? "record" : "class";
        int mod = c.getModifiers() & ~(c.isInterface() ? Modifier.ABSTRACT | Modifier.INTERFACE : 0);
        StringBuilder b = new StringBuilder(modifiers(mod)).append(kind).append(' ').append(c.getName().replace('$', '.'));
        b.append(typeParameters(c, c.getTypeParameters()).trim());
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            b.append(" extends ").append(type(c, sup));
        }
        Type[] ifaces = c.getGenericInterfaces();
        if (ifaces.length > 0) {
            b.append(c.isInterface() ? " extends " : " implements ");
            b.append(Arrays.stream(ifaces).map(t -> type(c, t)).collect(Collectors.joining(", ")));
        }
        for (Class<?> a : annotationTypes(c.getDeclaredAnnotations())) {
            b.insert(0, "@" + a.getSimpleName() + " ");
        }
        return b.toString();
    }

    private String member(Class<?> owner, Executable e, String name) {
        StringBuilder b = new StringBuilder();
        for (Class<?> a : annotationTypes(e.getDeclaredAnnotations())) {
            b.append('@').append(a.getSimpleName()).append(' ');
        }
        int mod = e.getModifiers();
        if (owner.isInterface()) {
            mod &= ~Modifier.ABSTRACT; // implied in an interface
        }
        b.append(modifiers(mod & ~Modifier.TRANSIENT & ~Modifier.VOLATILE)); // varargs and bridge bits
        if (e instanceof Method m && m.isDefault()) {
            b.append("default ");
        }
        String tps = typeParameters(owner, e.getTypeParameters());
        if (!tps.isEmpty()) {
            b.append(tps.substring(1)).append(' ');
        }
        if (e instanceof Method m) {
            b.append(type(owner, m.getGenericReturnType())).append(' ');
        }
        b.append(name).append('(');
        b.append(Arrays.stream(e.getGenericParameterTypes()).map(t -> type(owner, t)).collect(Collectors.joining(", ")));
        if (e.isVarArgs()) {
            b.setLength(b.length() - 2);
            b.append("...");
        }
        b.append(')');
        Type[] thrown = e.getGenericExceptionTypes();
        if (thrown.length > 0) {
            b.append(" throws ").append(Arrays.stream(thrown).map(t -> type(owner, t)).collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    /** Annotations that are part of the contract: weft's own, such as {@code @Suspendable}. */
    private static List<Class<?>> annotationTypes(java.lang.annotation.Annotation[] as) {
        List<Class<?>> out = new ArrayList<>();
        for (java.lang.annotation.Annotation a : as) {
            Class<?> t = a.annotationType();
            if (t.getPackageName().equals("dev.weft")) {
                out.add(t);
            }
        }
        return out;
    }

    private static String modifiers(int mod) {
        String s = Modifier.toString(mod);
        return s.isEmpty() ? "" : s + " ";
    }

    private String typeParameters(Class<?> owner, TypeVariable<?>[] tps) {
        if (tps.length == 0) {
            return "";
        }
        return " <" + Arrays.stream(tps).map(tv -> {
            Type[] bounds = tv.getBounds();
            if (bounds.length == 1 && bounds[0] == Object.class) {
                return tv.getName();
            }
            return tv.getName() + " extends " + Arrays.stream(bounds).map(t -> type(owner, t)).collect(Collectors.joining(" & "));
        }).collect(Collectors.joining(", ")) + ">";
    }

    /** A type as Java source writes it, noting it if it is internal. */
    private String type(Class<?> owner, Type t) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                return type(owner, c.getComponentType()) + "[]";
            }
            if (c.getName().contains(".internal.")) {
                internalTypes.add(c.getName() + " (in the API of " + owner.getName() + ")");
            }
            return c.getName().replace('$', '.');
        }
        if (t instanceof ParameterizedType p) {
            return type(owner, p.getRawType()) + "<" + Arrays.stream(p.getActualTypeArguments())
                    .map(a -> type(owner, a)).collect(Collectors.joining(", ")) + ">";
        }
        if (t instanceof GenericArrayType g) {
            return type(owner, g.getGenericComponentType()) + "[]";
        }
        if (t instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + type(owner, w.getLowerBounds()[0]);
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + type(owner, upper[0]);
        }
        return t.getTypeName(); // a type variable
    }

    /** The classes of package {@code pkg} in the directory or jar {@code anchor} came from, loaded without initializing them. */
    private static List<Class<?>> classesOf(Class<?> anchor, String pkg) {
        String dir = pkg.replace('.', '/');
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                return load(anchor, pkg, root.resolve(dir));
            }
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                return load(anchor, pkg, jar.getPath(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> load(Class<?> anchor, String pkg, Path dir) throws IOException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".class")) {
                    continue;
                }
                try {
                    out.add(Class.forName(pkg + "." + name.substring(0, name.length() - 6), false, anchor.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
