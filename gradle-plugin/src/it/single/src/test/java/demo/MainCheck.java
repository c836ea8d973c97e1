package demo;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;

/** Test-side code, compiled by compileTestJava and woven by the plugin like the main classes. */
public final class MainCheck {
    private MainCheck() {}

    @Suspendable
    static int sum(Chan<Integer> in) {
        int total = 0;
        Integer v;
        while ((v = in.recv()) != null) {
            total += v;
        }
        return total;
    }

    public static void main(String[] args) {
        int total = Go.run(() -> {
            Chan<Integer> numbers = Chan.make(2);
            Go.go(() -> {
                for (int i = 1; i <= 100; i++) {
                    numbers.send(i);
                }
                numbers.close();
            });
            return sum(numbers) + Main.ring(3, 5);
        });
        System.out.println("check: " + total);
    }
}
