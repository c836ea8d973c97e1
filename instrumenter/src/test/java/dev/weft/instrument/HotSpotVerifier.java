package dev.weft.instrument;

import java.util.Map;

/**
 * A test utility that has the running JVM's own verifier check class files: it defines a whole set
 * of classes (say, every class of a jar, some of them woven) in one throwaway loader and links
 * them one by one, without initializing them (no static initializer runs). This checks what ASM's
 * Analyzer does not, above all the {@code StackMapTable} frames.
 *
 * <p>Why one loader for the whole set: a class defined apart from its neighbours would sit in a
 * runtime package of its own, where a package-private superclass is out of reach and a class of
 * the same name loaded elsewhere is a different type; every second class of a real jar would fail
 * for reasons that have nothing to do with its bytes. Classes outside the set come from the parent.
 *
 * <p>How: {@code Class.getDeclaredFields()} links the class first (HotSpot's
 * {@code JVM_GetClassDeclaredFields} calls {@code link_class}), and linking verifies the class and
 * its supertypes. So a class whose superclass fails fails too, with the superclass's message.
 */
final class HotSpotVerifier {
    private final SetLoader loader;

    /**
     * @param parent  the loader every class outside {@code classes} is resolved through
     * @param classes class file bytes by internal name, all defined by one loader when first needed
     */
    HotSpotVerifier(ClassLoader parent, Map<String, byte[]> classes) {
        this.loader = new SetLoader(parent, classes);
    }

    /** Null when the JVM links class {@code internalName} of the set, else why not. */
    String link(String internalName) {
        try {
            Class.forName(internalName.replace('/', '.'), false, loader).getDeclaredFields();
            return null;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return headOf(e);
        }
    }

    /**
     * The first lines of a HotSpot {@code VerifyError}: what, where (method and bytecode offset) and
     * why, without the frame and bytecode dumps that follow.
     */
    private static String headOf(Throwable e) {
        String message = String.valueOf(e.getMessage());
        StringBuilder head = new StringBuilder(e.getClass().getSimpleName()).append(": ");
        String[] lines = message.split("\n");
        int kept = 0;
        for (int i = 0; i < lines.length && kept < 6; i++) {
            String line = lines[i].strip();
            if (line.equals("Current Frame:") || line.equals("Stackmap Frame:") || line.equals("Bytecode:")) {
                break;
            }
            if (!line.isEmpty() && !line.equals("Exception Details:")) {
                head.append(kept++ == 0 ? "" : " | ").append(line);
            }
        }
        return head.toString();
    }

    /** Defines the classes of its set itself and asks its parent for every other. */
    private static final class SetLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        SetLoader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, bytes, 0, bytes.length);
            }
        }
    }
}
