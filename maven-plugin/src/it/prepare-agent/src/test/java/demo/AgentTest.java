package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.Chan;
import dev.weft.Go;
import org.junit.jupiter.api.Test;

class AgentTest {
    @Test
    void goroutinesParkOnChannels_wovenByTheAgent() {
        int total = Go.run(() -> {
            Chan<Integer> numbers = Chan.make();
            Go.go(() -> {
                for (int i = 1; i <= 100; i++) {
                    numbers.send(i);
                }
                numbers.close();
            });
            int sum = 0;
            Integer v;
            while ((v = numbers.recv()) != null) {
                sum += v;
            }
            return sum;
        });
        assertEquals(5050, total);
    }
}
