package demo.lib;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;

/** Connects stages with unbuffered channels, one goroutine each. */
public final class Pipeline {
    private Pipeline() {}

    /** Starts a goroutine sending 1..n, then closing. */
    public static Chan<Integer> numbers(int n) {
        Chan<Integer> out = Chan.make();
        Go.go(() -> {
            for (int i = 1; i <= n; i++) {
                out.send(i);
            }
            out.close();
        });
        return out;
    }

    /** Starts {@code stage} on its own goroutine, reading {@code in}. */
    public static Chan<Integer> then(Chan<Integer> in, Stage stage) {
        Chan<Integer> out = Chan.make();
        Go.go(() -> stage.run(in, out));
        return out;
    }

    @Suspendable
    public static int sum(Chan<Integer> in) {
        int total = 0;
        Integer v;
        while ((v = in.recv()) != null) {
            total += v;
        }
        return total;
    }
}
