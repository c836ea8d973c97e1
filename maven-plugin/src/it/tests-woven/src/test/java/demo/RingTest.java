package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import org.junit.jupiter.api.Test;

class RingTest {
    @Suspendable
    static int sum(Chan<Integer> in) {
        int total = 0;
        Integer v;
        while ((v = in.recv()) != null) {
            total += v;
        }
        return total;
    }

    @Test
    void ring_passesTheTokenRoundEveryLink() {
        assertEquals(900, (int) Go.run(() -> Ring.ring(10, 100)));
    }

    @Test
    void producerInATestLambda_parksWithoutPinning() {
        int total = Go.run(() -> {
            Chan<Integer> numbers = Chan.make();
            Go.go(() -> {
                for (int i = 1; i <= 100; i++) {
                    numbers.send(i);
                }
                numbers.close();
            });
            return sum(numbers);
        });
        assertEquals(5050, total);
    }
}
