package dev.weft.samples.apps;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A program for {@code DumpIT} that never touches weft: it prints {@value #READY} and waits until
 * its stdin is closed, so that a dump has a JVM without weft, or without attach, to refuse.
 */
public final class WaitsForStdin {
    public static final String READY = ParkedFour.READY;

    private WaitsForStdin() {}

    public static void main(String[] args) throws IOException {
        System.out.println(READY);
        System.in.transferTo(OutputStream.nullOutputStream());
    }
}
