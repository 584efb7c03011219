package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two halves recorded side by side into a {@link TraceWriterSink} come out as the batch: the reference dump's
 * batch-of-two estimator entries of the first ODE step, split into their rows, each row recorded by a thread of its
 * own through a ring far smaller than the entries (so the half ahead waits for the other), are written back bit
 * for bit, in order, numbered on from the sink's calls; a tensor recorded again shares its file; halves that
 * disagree fail without hanging.
 */
class HalvesSinkTest {
    @TempDir
    Path tmp;

    /** The batch-first float entries of the estimator's first call in the bundled dump (B = 2). */
    private static List<TraceEntry> batchEntries(Trace ref) {
        return ref.entries().stream().filter(e -> e.name().startsWith("flow.decoder.estimator") && e.call() == 0
                && e.shape().rank() > 0 && e.shape().dims()[0] == 2 && e.dtype() == DType.FLOAT32).toList();
    }

    /** Row {@code r} of a batch-first tensor as an array of its own shape (1, ...). */
    private static NDArray row(NDManager m, Tensor t, int r) {
        long[] dims = t.shape().dims().clone();
        float[] all = t.toFloatArray();
        int n = all.length / 2;
        dims[0] = 1;
        return m.create(Arrays.copyOfRange(all, r * n, (r + 1) * n), new ai.djl.ndarray.types.Shape(dims));
    }

    @Test
    void twoHalvesAreWrittenAsTheBatchInOrder() throws Exception {
        Trace ref = TraceReader.read(SharedData.smallDump());
        List<TraceEntry> batch = batchEntries(ref);
        assertTrue(batch.size() > 50, batch.size() + " entries");
        TraceWriter w = TraceWriter.create(tmp.resolve("t"), Map.of("name", "test"), null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (NDManager m = Torch.newManager(); TraceWriterSink sink = new TraceWriterSink(w, 64 << 10)) {
            sink.record(new EntryId("before", sink.nextCall("before"), EntryKind.OUT, null), "M", m.ones(
                    new ai.djl.ndarray.types.Shape(3)));
            sink.nextCall("flow.decoder.estimator"); // a call made before the halves: they number theirs from 1
            TraceSink.Halves halves = sink.halves();
            Future<?>[] done = new Future<?>[2];
            for (int h = 0; h < 2; h++) {
                int half = h;
                done[h] = pool.submit(() -> {
                    if (half == 1) {
                        Thread.sleep(200); // half 0 runs ahead and waits for room only half 1 frees
                    }
                    TraceSink s = halves.half(half);
                    assertEquals(1, s.nextCall("flow.decoder.estimator"), "numbered on from the sink's count");
                    try (NDManager own = m.newSubManager()) {
                        NDArray again = null;
                        for (TraceEntry e : batch) {
                            NDArray r = row(own, ref.tensor(e), half);
                            s.record(e.id(), e.moduleType(), r);
                            again = r;
                        }
                        s.record(new EntryId("again", 0, EntryKind.IN, null), "M", again); // the same object
                    }
                    return null;
                });
            }
            for (Future<?> f : done) {
                f.get();
            }
            halves.close();
            assertEquals(2, sink.nextCall("flow.decoder.estimator"), "the sink counts on after the halves' call");
            sink.record(new EntryId("after", 0, EntryKind.OUT, null), "M", m.zeros(new ai.djl.ndarray.types.Shape(2)));
            sink.finish();
        } finally {
            pool.shutdownNow();
        }
        Trace t = TraceReader.read(tmp.resolve("t"));
        assertEquals(batch.size() + 3, t.entries().size());
        assertEquals("before", t.entries().get(0).name());
        for (int i = 0; i < batch.size(); i++) {
            TraceEntry want = batch.get(i);
            TraceEntry got = t.entries().get(i + 1);
            assertEquals(want.name(), got.name());
            assertEquals(want.kind(), got.kind());
            assertEquals(want.shape(), got.shape(), want.id().toString());
            assertArrayEquals(ref.tensor(want).toFloatArray(), t.tensor(got).toFloatArray(), want.id().toString());
        }
        TraceEntry again = t.entries().get(batch.size() + 1);
        assertEquals("again", again.name());
        assertEquals(t.entries().get(batch.size()).file(), again.file(), "a tensor recorded again shares its file");
        assertEquals("after", t.entries().get(batch.size() + 2).name());
    }

    @Test
    void halvesThatDisagreeFailWithoutHanging() throws Exception {
        TraceWriter w = TraceWriter.create(tmp.resolve("d"), Map.of("name", "test"), null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (NDManager m = Torch.newManager(); TraceWriterSink sink = new TraceWriterSink(w, 16 << 10)) {
            TraceSink.Halves halves = sink.halves();
            Future<?>[] done = new Future<?>[2];
            for (int h = 0; h < 2; h++) {
                int half = h;
                done[h] = pool.submit(() -> {
                    TraceSink s = halves.half(half);
                    try (NDManager own = m.newSubManager()) {
                        for (int i = 0; i < 200; i++) { // far more than the ring holds
                            long width = half == 1 && i == 100 ? 7 : 512; // half 1 differs at entry 100
                            s.record(new EntryId("m", i, EntryKind.OUT, null), "M",
                                    own.ones(new ai.djl.ndarray.types.Shape(1, width)));
                        }
                    } catch (RuntimeException e) {
                        halves.abandon();
                        throw e;
                    }
                    return null;
                });
            }
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                ExecutionException e = assertThrows(ExecutionException.class, () -> {
                    for (Future<?> f : done) {
                        f.get();
                    }
                });
                assertTrue(e.getCause().getMessage().contains("position 100")
                        || e.getCause().getMessage().contains("other CFG half")
                        || e.getCause().getMessage().contains("abandoned"), e.getCause().toString());
            });
            halves.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
