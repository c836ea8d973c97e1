package dev.weft.internal.cont;

/**
 * Initializes a class where a {@code NEW} used to stand. When the instrumenter moves a
 * {@code NEW} past a suspending constructor argument ({@code new Foo(ch.recv())}), it leaves a
 * call here in its old place, so the class is still initialized before the arguments are
 * evaluated, as JLS 12.4.1 orders it.
 */
public final class ClassInit {
    private static final ClassValue<Boolean> INITIALIZED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                Class.forName(type.getName(), true, type.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new NoClassDefFoundError(type.getName());
            }
            return Boolean.TRUE;
        }
    };

    private ClassInit() {}

    public static void ensure(Class<?> type) {
        INITIALIZED.get(type);
    }
}
