package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest's {@code complete} marker, and the manifest size limit. */
class TraceCompletionTest {
    private static final Trace REF = TraceReader.read(SharedData.smallDump());

    @TempDir
    Path tmp;

    private Path write(int n, boolean finish) throws IOException {
        Path out = tmp.resolve("t" + n + finish);
        TraceWriter w = TraceWriter.create(out, Map.of("name", "test"), null);
        for (TraceEntry e : REF.entries().subList(0, n)) {
            w.add(e.id(), e.moduleType(), REF.tensor(e), e.dtype());
        }
        if (finish) {
            w.finish();
        } else {
            w.close();
        }
        return out;
    }

    @Test
    void onlyFinishMarksATraceComplete() throws IOException {
        Trace done = TraceReader.read(write(5, true));
        assertEquals(Trace.Completion.COMPLETE, done.completion());
        Trace closed = TraceReader.read(write(5, false));
        assertEquals(Trace.Completion.UNFINISHED, closed.completion());
        FormatException e = assertThrows(FormatException.class, closed::requireFinished);
        assertTrue(e.problem().contains("after 5 entries (last: " + REF.entries().get(4).id() + ")"), e.getMessage());
    }

    @Test
    void everyIntermediateManifestIsMarkedUnfinished() throws IOException {
        Path out = tmp.resolve("live");
        try (TraceWriter w = TraceWriter.create(out, Map.of(), null)) {
            for (TraceEntry e : REF.entries().subList(0, TraceWriter.FLUSH_EVERY + 3)) {
                w.add(e.id(), e.moduleType(), REF.tensor(e), e.dtype());
            }
            Trace mid = TraceReader.read(out); // what a killed run leaves: the last periodic flush
            assertFalse(mid.finished());
            assertEquals(TraceWriter.FLUSH_EVERY, mid.entries().size());
        }
    }

    @Test
    void aTraceWithoutTheMarkerIsReadAsComplete() {
        assertEquals(Trace.Completion.UNMARKED, REF.completion());
        assertTrue(REF.finished());
    }

    @Test
    void aCopyKeepsTheSourcesState() throws IOException {
        Trace copy = TraceManifests.copy(TraceReader.read(write(3, false)), tmp.resolve("copy"), id -> id);
        assertFalse(copy.finished());
    }

    @Test
    void aManifestOverTheLimitIsRefusedWithOneLine() throws IOException {
        Path t = write(40, true);
        long size = Files.size(t.resolve(TraceReader.MANIFEST));
        FormatException e = assertThrows(FormatException.class, () -> TraceReader.read(t, size - 1));
        assertTrue(e.problem().contains("larger than the limit of " + (size - 1) + " bytes"), e.getMessage());
        assertEquals(40, TraceReader.read(t, size).entries().size());
    }

    @Test
    void aManifestThatGrowsPastTheLimitWhileReadIsRefused() throws IOException {
        byte[] big = new byte[4096];
        java.util.Arrays.fill(big, (byte) ' ');
        Path t = write(2, true);
        Path m = t.resolve(TraceReader.MANIFEST);
        // the size check passes, the bounded stream catches what the size did not announce
        try (var in = new LimitedInputStream(new java.io.ByteArrayInputStream(big), 100)) {
            assertThrows(LimitedInputStream.LimitExceeded.class, () -> in.readAllBytes());
        }
        assertTrue(Files.size(m) > 0);
    }
}
