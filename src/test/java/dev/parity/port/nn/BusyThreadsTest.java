package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.parity.io.TraceWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run leaves a core to a trace writer only while it writes every call: an unfiltered writer sink or one filtered
 * to everything ({@code --trace-all}, {@code --record '**'}); a reference's subset, a partial glob, an in-memory
 * trace and no trace leave none. {@link Torch#leavingCores} takes the cores and gives them back.
 */
class BusyThreadsTest {
    @TempDir
    Path tmp;

    @Test
    void onlyAWriterOfEveryCallAsksForACore() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("t"), Map.of("name", "test"), null);
        try (TraceWriterSink writer = new TraceWriterSink(w)) {
            assertEquals(1, writer.busyThreads());
            assertEquals(1, new TraceFilter(writer, TraceSettings.ALL).busyThreads());
            assertEquals(1, new TraceFilter(writer, TraceSettings.modules(List.of("flow.**", "**"))).busyThreads());
            assertEquals(0, new TraceFilter(writer, TraceSettings.modules(List.of("flow.decoder.**"))).busyThreads());
            assertEquals(0, new TraceFilter(writer, new TraceSettings(2, null, null, null)).busyThreads());
            writer.finish();
        }
        assertEquals(0, new MemoryTraceSink(tmp.resolve("m")).busyThreads());
        assertEquals(0, TraceSink.OFF.busyThreads());
        assertSame(TraceSettings.ALL, TraceSettings.modules(List.of("**")));
    }

    @Test
    void leavingCoresTakesThemAndGivesThemBack() {
        Torch.prepareThread();
        int before = Torch.threads();
        try (Torch.Lease lease = Torch.leavingCores(1)) {
            assertEquals(Math.max(1, before - 1), Torch.threads());
        }
        assertEquals(before, Torch.threads());
        try (Torch.Lease lease = Torch.leavingCores(0)) {
            assertEquals(before, Torch.threads());
        }
        assertEquals(before, Torch.threads());
        List<Integer> onWorkers = Torch.sideBySide(List.of(() -> {
            try (Torch.Lease lease = Torch.leavingCores(1)) {
                return Torch.threads(); // a worker is on one thread already: nothing to take
            }
        }, () -> 0));
        assertEquals(before, onWorkers.get(0));
        assertEquals(before, Torch.threads());
    }
}
