package demo.lib;

import dev.weft.Chan;
import dev.weft.Suspendable;

/** One stage of a pipeline: reads {@code in} until it is closed, writes to {@code out}, closes it. */
public interface Stage {
    @Suspendable
    void run(Chan<Integer> in, Chan<Integer> out);
}
