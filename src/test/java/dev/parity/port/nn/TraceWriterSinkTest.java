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

    /**
     * An array DJL made from Java data lives in a Java buffer that libtorch's storage does not own: the sink tells it
     * apart and copies it (a view would point into memory freed once the array is closed and collected; the T3
     * sampler's rows are such arrays). A libtorch-made array is written from a view, and its later entries share
     * its file. Both are closed, and the Java buffer left to the collector, before the writer gets to them.
     */
    @Test
    void anArrayMadeFromJavaDataIsCopiedOneMadeByLibtorchIsShared() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("j"), Map.of("name", "test"), null);
        float[] data = new float[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        try (NDManager m = Torch.newManager()) {
            NDArray fromJava = m.create(data, new ai.djl.ndarray.types.Shape(1, data.length));
            NDArray fromTorch = fromJava.mul(2);
            assertEquals(false, TraceWriterSink.ownsItsMemory(fromJava));
            assertEquals(true, TraceWriterSink.ownsItsMemory(fromTorch));
            try (TraceWriterSink sink = new TraceWriterSink(w)) {
                // a writer blocked behind a big tensor, so the changes below come before the writes
                sink.record(new EntryId("big", 0, EntryKind.OUT, null), "M", m.ones(new ai.djl.ndarray.types.Shape(
                        4096, 4096)));
                sink.record(new EntryId("j", 0, EntryKind.OUT, null), "M", fromJava);
                sink.record(new EntryId("t", 0, EntryKind.OUT, null), "M", fromTorch);
                sink.record(new EntryId("t2", 0, EntryKind.IN, null), "M", fromTorch);
                fromJava.close();
                fromTorch.close();
                System.gc();
                sink.finish();
            }
        }
        Trace t = TraceReader.read(tmp.resolve("j"));
        assertArrayEquals(data, t.tensor(t.entries().get(1)).toFloatArray());
        float[] twice = t.tensor(t.entries().get(2)).toFloatArray();
        assertEquals(2f * 4095, twice[4095]);
        assertEquals(t.entries().get(2).file(), t.entries().get(3).file(), "one tensor object, one file");
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
