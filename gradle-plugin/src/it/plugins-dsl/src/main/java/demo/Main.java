package demo;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;

/** Ten goroutines pass a token round a ring of unbuffered channels, a hundred times. */
public final class Main {
    private Main() {}

    @Suspendable
    static void relay(Chan<Integer> in, Chan<Integer> out, int rounds) {
        for (int i = 0; i < rounds; i++) {
            out.send(in.recv() + 1);
        }
    }

    @Suspendable
    public static int ring(int size, int rounds) {
        @SuppressWarnings("unchecked")
        Chan<Integer>[] links = new Chan[size];
        for (int i = 0; i < size; i++) {
            links[i] = Chan.make();
        }
        for (int i = 1; i < size; i++) {
            Chan<Integer> in = links[i - 1];
            Chan<Integer> out = links[i];
            Go.go(() -> relay(in, out, rounds));
        }
        int token = 0;
        for (int r = 0; r < rounds; r++) {
            links[0].send(token);
            token = links[size - 1].recv();
        }
        return token;
    }

    public static void main(String[] args) {
        int token = Go.run(() -> ring(10, 100));
        System.out.println("ring: token " + token);
    }
}
