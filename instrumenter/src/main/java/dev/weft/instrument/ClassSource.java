package dev.weft.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Where the weaver reads the bytes of classes it must know about (supertypes, call targets)
 * without loading them. Answers null for a class it cannot find.
 */
@FunctionalInterface
public interface ClassSource {
    byte[] classBytes(String internalName);

    /** Reads {@code name.class} as a resource of {@code loader} (the system loader if null). */
    static ClassSource of(ClassLoader loader) {
        return name -> {
            String resource = name + ".class";
            try (InputStream in = loader == null
                    ? ClassLoader.getSystemResourceAsStream(resource)
                    : loader.getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Asks this source first, then {@code next}. */
    default ClassSource or(ClassSource next) {
        return name -> {
            byte[] b = classBytes(name);
            return b != null ? b : next.classBytes(name);
        };
    }
}
