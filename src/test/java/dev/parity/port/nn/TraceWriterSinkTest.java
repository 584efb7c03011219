package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.io.TraceWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background writer: order, values, a buffer smaller than one tensor, errors surfacing at close. */
class TraceWriterSinkTest {
    @TempDir
    Path tmp;

    @Test
    void writesEveryTensorInRecordingOrderThroughATinyBuffer() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("t"), Map.of("name", "test"), null);
        try (NDManager m = Torch.newManager(); TraceWriterSink sink = new TraceWriterSink(w, 1024)) {
            for (int i = 0; i < 40; i++) {
                NDArray a = m.arange(0f, 600f).add(i).reshape(2, 300); // 2.4 kB: more than the whole buffer
                sink.record(new EntryId("m" + i % 3, sink.nextCall("m" + i % 3), EntryKind.OUT, null), "M", a);
                a.close(); // the sink copied it
            }
        }
        Trace t = TraceReader.read(tmp.resolve("t"));
        assertEquals(40, t.entries().size());
        for (int i = 0; i < 40; i++) {
            assertEquals(new EntryId("m" + i % 3, i / 3, EntryKind.OUT, null), t.entries().get(i).id());
            float[] v = t.tensor(t.entries().get(i)).toFloatArray();
            assertArrayEquals(new float[] {i, i + 599}, new float[] {v[0], v[599]});
        }
    }

    @Test
    void aWriteErrorSurfacesAtCloseAndTheTraceKeepsWhatWasWritten() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("d"), Map.of("name", "test"), null);
        EntryId id = new EntryId("m", 0, EntryKind.OUT, null);
        try (NDManager m = Torch.newManager()) {
            TraceWriterSink sink = new TraceWriterSink(w);
            sink.record(id, "M", m.ones(new ai.djl.ndarray.types.Shape(3)));
            sink.record(id, "M", m.zeros(new ai.djl.ndarray.types.Shape(3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sink::close);
            assertEquals("duplicate trace identity " + id, e.getMessage());
        }
        Trace t = TraceReader.read(tmp.resolve("d"));
        assertEquals(1, t.entries().size());
        assertEquals(1f, t.tensor(t.entries().get(0)).toFloatArray()[2]);
    }
}
