package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

import static dev.weft.agent.trace.WeftEvents.newChunks;
import static dev.weft.agent.trace.WeftEvents.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChunksTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordingOfOneChunk_holdsEveryInstantInChunk0() throws Exception {
        Chunks chunks = Chunks.of(record(tmp.resolve("rec.jfr"), () -> { }));
        assertEquals(1, chunks.count());
        assertEquals(0, chunks.of(0));
        assertEquals(0, chunks.of(Long.MAX_VALUE));
    }

    @Test
    void anotherRecordingStartingAndStopping_endsTwoChunks_andAnInstantIsInTheLastChunkBegunByThen() throws Exception {
        long[] between = new long[1];
        Chunks chunks = Chunks.of(record(tmp.resolve("rec.jfr"), () -> {
            newChunks();
            between[0] = nanos(Instant.now());
            newChunks();
        }));
        assertEquals(5, chunks.count());
        assertEquals(2, chunks.of(between[0]));
        assertEquals(4, chunks.of(nanos(Instant.now())));
        assertEquals(0, chunks.of(0));
    }

    @Test
    void aFileWithoutAChunkHeader_putsEveryInstantInChunk0() throws Exception {
        Chunks chunks = Chunks.of(Files.writeString(tmp.resolve("notes.jfr"), "not a recording, but long enough for a header\n"));
        assertEquals(0, chunks.count());
        assertEquals(0, chunks.of(42));
    }

    @Test
    void aDamagedChunkAfterTheFirst_endsTheChunksRead() throws Exception {
        byte[] one = Files.readAllBytes(record(tmp.resolve("rec.jfr"), () -> { }));
        byte[] damaged = Arrays.copyOf(one, 2 * one.length);
        System.arraycopy(one, 0, damaged, one.length, one.length);
        damaged[one.length + 8] = (byte) 0x80; // the second chunk's size: negative
        assertEquals(1, Chunks.of(Files.write(tmp.resolve("damaged.jfr"), damaged)).count());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
