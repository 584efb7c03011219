package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.TraceSettings;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording every call of the bundled S3Gen dump's run (flow and HiFT) through the background writer, which shares one
 * file between the entries of one tensor object and writes libtorch's memory without a heap copy, gives the same
 * trace, entry for entry and bit for bit, as recording a heap copy of every tensor as it is recorded.
 */
class EveryCallTraceTest {
    @TempDir
    Path tmp;

    @Test
    void theWrittenTraceEqualsTheInMemoryOne() {
        ReferenceRun.Options every = new ReferenceRun.Options(ReferenceRun.Stage.ALL, false, HiFTGenerator::create,
                TraceSettings.ALL);
        Trace memory;
        Trace written;
        try (ReferenceRun.Loaded l = ReferenceRun.load(SharedData.smallDump(), every)) {
            memory = l.runInMemory(Path.of("memory"), FaultPlan.NONE, StageFeed.NONE);
            l.run(tmp.resolve("written"), FaultPlan.NONE, StageFeed.NONE);
            written = TraceReader.read(tmp.resolve("written"));
        }
        assertTrue(written.finished());
        assertEquals(memory.entries().size(), written.entries().size());
        assertTrue(memory.entries().size() > TraceReader.read(SharedData.smallDump()).entries().size(),
                "every call is more than the reference's selection");
        Set<String> files = new HashSet<>();
        for (int i = 0; i < memory.entries().size(); i++) {
            TraceEntry m = memory.entries().get(i);
            TraceEntry w = written.entries().get(i);
            assertEquals(m.id(), w.id());
            assertEquals(m.moduleType(), w.moduleType());
            assertEquals(m.shape(), w.shape());
            assertEquals(m.dtype(), w.dtype());
            Tensor a = memory.tensor(m);
            Tensor b = written.tensor(w);
            assertEquals(a.dtype(), b.dtype(), m.id().toString());
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0, m.id().toString());
            files.add(w.file());
        }
        // the sharing is real: far fewer files than entries (a module's input is the output recorded before it)
        assertTrue(files.size() < 0.8 * written.entries().size(), files.size() + " files");
    }
}
