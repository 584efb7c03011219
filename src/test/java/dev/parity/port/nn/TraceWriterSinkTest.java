package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.io.TraceWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
     * What the sink records is what the tensor held at {@code record}, even when its memory is a Java buffer that
     * changes afterwards: here a transposed view of an array DJL made over a direct buffer (as
     * {@code manager.create(float[])} does; the SineGen output the HiFT source takes is such a view), whose buffer
     * is overwritten while the writer is still busy with a big tensor, as a freed and reused buffer would be. A view
     * instead of a copy wrote the overwritten values (CI, FaultInjectionTest: -1.7e24 in
     * {@code mel2wav.m_source.l_linear}'s input). The same tensor object recorded twice still shares one file.
     */
    @Test
    void writesWhatTheTensorHeldAtRecordEvenIfItsJavaBufferChangesLater() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("j"), Map.of("name", "test"), null);
        int rows = 3;
        int cols = 2048;
        ByteBuffer javaMemory = ByteBuffer.allocateDirect(rows * cols * 4).order(ByteOrder.nativeOrder());
        for (int i = 0; i < rows * cols; i++) {
            javaMemory.putFloat(i * 4, i);
        }
        try (NDManager m = Torch.newManager()) {
            NDArray fromJava = m.create(javaMemory, new ai.djl.ndarray.types.Shape(rows, cols), DataType.FLOAT32);
            NDArray transposed = fromJava.transpose(1, 0); // (cols, rows), a view of the Java buffer
            try (TraceWriterSink sink = new TraceWriterSink(w)) {
                // a writer busy with a big tensor, so the buffer changes before the view's turn comes
                sink.record(new EntryId("big", 0, EntryKind.OUT, null), "M", m.ones(new ai.djl.ndarray.types.Shape(
                        4096, 4096)));
                sink.record(new EntryId("t", 0, EntryKind.OUT, null), "M", transposed);
                sink.record(new EntryId("t2", 0, EntryKind.IN, null), "M", transposed);
                for (int i = 0; i < rows * cols; i++) {
                    javaMemory.putFloat(i * 4, -1e24f);
                }
                sink.finish();
            }
        }
        Trace t = TraceReader.read(tmp.resolve("j"));
        float[] v = t.tensor(t.entries().get(1)).toFloatArray(); // (cols, rows)
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                assertEquals(r * cols + c, v[c * rows + r], "element (" + c + ", " + r + ")");
            }
        }
        assertEquals(t.entries().get(1).file(), t.entries().get(2).file(), "one tensor object, one file");
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

    /**
     * The write error is what a try-with-resources around the sink throws when {@code finish} meets it and
     * {@code close} runs after (it was Java's "Self-suppression not permitted" once, hiding a full disk).
     */
    @Test
    void aWriteErrorMetByFinishIsTheErrorTryWithResourcesThrows() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("f"), Map.of("name", "test"), null);
        EntryId id = new EntryId("m", 0, EntryKind.OUT, null);
        try (NDManager m = Torch.newManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                try (TraceWriterSink sink = new TraceWriterSink(w)) {
                    sink.record(id, "M", m.ones(new ai.djl.ndarray.types.Shape(3)));
                    sink.record(id, "M", m.zeros(new ai.djl.ndarray.types.Shape(3)));
                    sink.finish();
                }
            });
            assertEquals("duplicate trace identity " + id, e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            assertEquals(e, e.getSuppressed()[0].getCause());
        }
    }

    /**
     * Tensors of many sizes, most closed right after {@code record}, through a ring that starts at 1 MiB and may grow
     * to 4 MiB: slots wrap around the ring's end, the ring doubles while the writer is behind, the largest get a
     * buffer of their own, and some are transposed views (copied in element order) or int64 (written as float32).
     * Every file holds what its tensor held.
     */
    @Test
    void everyTensorReadsBackThroughTheRingWhateverItsSize() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("r"), Map.of("name", "test"), null);
        java.util.Random rnd = new java.util.Random(7);
        int count = 400;
        int[] sizes = new int[count];
        try (NDManager m = Torch.newManager(); TraceWriterSink sink = new TraceWriterSink(w, 4 << 20)) {
            for (int i = 0; i < count; i++) {
                sizes[i] = i % 50 == 49 ? 300_000 + rnd.nextInt(100_000) : 1 + rnd.nextInt(40_000);
                NDArray a = m.arange(0f, (float) sizes[i]).add(i * 1_000_000f);
                EntryId id = new EntryId("m", i, EntryKind.OUT, null);
                if (i % 7 == 3 && sizes[i] % 2 == 0) {
                    NDArray t = a.reshape(2, sizes[i] / 2).transpose(1, 0); // column order: 0, n/2, 1, n/2+1, ...
                    sink.record(id, "M", t);
                    t.close();
                } else if (i % 11 == 5) {
                    NDArray l = a.toType(DataType.INT64, false);
                    sink.record(id, "M", l);
                    l.close();
                } else {
                    sink.record(id, "M", a);
                }
                a.close();
            }
            sink.finish();
        }
        Trace t = TraceReader.read(tmp.resolve("r"));
        assertEquals(count, t.entries().size());
        for (int i = 0; i < count; i++) {
            float[] v = t.tensor(t.entries().get(i)).toFloatArray();
            assertEquals(sizes[i], v.length, "entry " + i);
            boolean transposed = i % 7 == 3 && sizes[i] % 2 == 0;
            int half = sizes[i] / 2;
            for (int k = 0; k < v.length; k++) {
                float want = i * 1_000_000f + (transposed ? (k % 2) * half + k / 2 : k);
                if (v[k] != want) {
                    assertEquals(want, v[k], "entry " + i + " element " + k);
                }
            }
        }
    }
}
