package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
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
        Tensor t = TraceWriterSink.toTensor(value);
        if (tensors.putIfAbsent(id, t) != null) {
            throw new IllegalArgumentException("duplicate trace identity " + id);
        }
        entries.add(new TraceEntry(entries.size(), id, moduleType, null, t.shape(),
                TraceWriterSink.dtypeOf(value.getDataType()), Map.of()));
    }

    @Override
    public boolean replays() {
        return true;
    }

    /** @throws IllegalArgumentException if the identity was already recorded */
    @Override
    public void replay(TraceEntry entry, Tensor value) {
        if (tensors.putIfAbsent(entry.id(), value) != null) {
            throw new IllegalArgumentException("duplicate trace identity " + entry.id());
        }
        counted(entry.id());
        entries.add(new TraceEntry(entries.size(), entry.id(), entry.moduleType(), null, value.shape(),
                entry.dtype(), entry.extra()));
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
