package demo;

import dev.weft.Chan;
import dev.weft.Suspendable;

/** A class the weaver rewrites: a strict build that fails on another class must leave it unwoven on disk. */
public final class Wovable {
    private Wovable() {}

    @Suspendable
    static String take(Chan<String> in) {
        return in.recv();
    }
}
