package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import dev.parity.io.EntryId;
import dev.parity.io.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link TraceSink} that copies each recorded NDArray to a float32 {@link dev.parity.tensor.Tensor} and streams
 * it into a {@link TraceWriter}; the manifest keeps the array's original dtype. It counts calls per module path
 * itself, so a model reused for several runs starts every trace at call 0. Closing the sink closes the writer.
 */
public final class TraceWriterSink implements TraceSink {
    private final TraceWriter writer;
    private final Map<String, Integer> calls = new HashMap<>();

    public TraceWriterSink(TraceWriter writer) {
        this.writer = writer;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public int nextCall(String path) {
        return calls.merge(path, 1, Integer::sum) - 1;
    }

    @Override
    public void record(EntryId id, String moduleType, NDArray value) {
        writer.add(id, moduleType, NDTensors.toTensor(value), NDTensors.dtypeOf(value));
    }

    /** Number of entries written so far. */
    public int size() {
        return writer.size();
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing trace " + writer.dir(), e);
        }
    }
}
