package demo;

import dev.weft.Chan;
import dev.weft.Suspendable;

/**
 * A shape javac produces that the weaver cannot rewrite: for a constructor argument holding a
 * try block, javac spills the operand stack, the uninitialized {@code Box} included, into locals.
 */
public final class Refused {
    private Refused() {}

    record Box(Object a, Object b) {}

    @Suspendable
    static Object build(Chan<String> in, int k) {
        return new Box("a", switch (k) {
            case 0 -> {
                try {
                    yield in.recv();
                } catch (RuntimeException e) {
                    yield "c";
                }
            }
            default -> "d" + k;
        });
    }
}
