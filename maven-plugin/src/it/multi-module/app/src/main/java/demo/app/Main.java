package demo.app;

import demo.lib.Pipeline;
import demo.lib.Stage;
import dev.weft.Chan;
import dev.weft.Go;

/** Sums the squares of the odd numbers up to 100 through a pipeline of goroutines. */
public final class Main {
    private Main() {}

    /** Implements the library's @Suspendable interface without repeating the annotation. */
    static final class Square implements Stage {
        @Override
        public void run(Chan<Integer> in, Chan<Integer> out) {
            Integer v;
            while ((v = in.recv()) != null) {
                out.send(v * v);
            }
            out.close();
        }
    }

    public static void main(String[] args) {
        int total = Go.run(() -> {
            Chan<Integer> odd = Pipeline.then(Pipeline.numbers(100), (in, out) -> {
                Integer v;
                while ((v = in.recv()) != null) {
                    if (v % 2 == 1) {
                        out.send(v);
                    }
                }
                out.close();
            });
            return Pipeline.sum(Pipeline.then(odd, new Square()));
        });
        System.out.println("sum of odd squares: " + total);
    }
}
