package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sink that keeps what it records in memory, as {@link TraceWriterSink} would write it (float32 copies, the
 * original dtype in the entry, calls counted per module path), for a trace that is only compared, never kept:
 * no files, so no file-system cost. Entries have no file ({@code file()} is null).
 */
public final class MemoryTraceSink extends RecordingSink {
    private final Path name;
    private final List<TraceEntry> entries = new ArrayList<>();
    private final Map<EntryId, Tensor> tensors = new HashMap<>();

    /** @param name what the trace is called in comparisons and messages */
    public MemoryTraceSink(Path name) {
        this.name = name;
    }

    /** @throws IllegalArgumentException if the identity was already recorded */
    @Override
    public void record(EntryId id, String moduleType, NDArray value) {
        add(id, moduleType, TraceWriterSink.toTensor(value), TraceWriterSink.dtypeOf(value.getDataType()), Map.of());
    }

    @Override
    public boolean replays() {
        return true;
    }

    /** @throws IllegalArgumentException if the identity was already recorded */
    @Override
    public void replay(TraceEntry entry, Tensor value) {
        add(entry.id(), entry.moduleType(), value, entry.dtype(), entry.extra());
        counted(entry.id());
    }

    private void add(EntryId id, String moduleType, Tensor t, DType dtype, Map<String, JsonNode> extra) {
        if (tensors.putIfAbsent(id, t) != null) {
            throw new IllegalArgumentException("duplicate trace identity " + id);
        }
        entries.add(new TraceEntry(entries.size(), id, moduleType, null, t.shape(), dtype, extra));
    }

    /** What was recorded so far, as a trace. */
    public Trace trace() {
        return Trace.inMemory(name, JsonNodeFactory.instance.objectNode().put("name", "parity-workbench Java port"),
                null, entries, tensors);
    }

    @Override
    public void close() {
        // nothing to release: the tensors are on the heap
    }
}
