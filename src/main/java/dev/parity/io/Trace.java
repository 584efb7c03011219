package dev.parity.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated parity trace: the manifest's entries in execution order and lazy access to their tensors.
 * Read with {@link TraceReader#read(Path)}.
 */
public final class Trace {
    /** Whether the writer said it finished (see the trace format's {@code complete} field). */
    public enum Completion {
        /** {@code "complete": true}: the producer finished the run. */
        COMPLETE,
        /** {@code "complete": false}: the producer stopped (or is still running) before the end. */
        UNFINISHED,
        /** No {@code complete} field: a producer that predates the field; read as complete. */
        UNMARKED
    }

    private final Path dir;
    private final JsonNode producer;
    private final String note;
    private final List<TraceEntry> entries;
    private final Map<EntryId, TraceEntry> byId;
    private final Map<String, JsonNode> extra;
    private final Completion completion;

    Trace(Path dir, JsonNode producer, String note, List<TraceEntry> entries, Map<String, JsonNode> extra,
          Completion completion) {
        this.dir = dir;
        this.completion = completion;
        this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        this.producer = producer;
        this.note = note;
        this.entries = List.copyOf(entries);
        Map<EntryId, TraceEntry> m = new HashMap<>();
        for (TraceEntry e : entries) {
            m.put(e.id(), e);
        }
        this.byId = Collections.unmodifiableMap(m);
    }

    public Path dir() {
        return dir;
    }

    /** The producer object, or a JSON null. */
    public JsonNode producer() {
        return producer;
    }

    /** The manifest note, or null. */
    public String note() {
        return note;
    }

    /** Top-level manifest fields the format does not define, in file order; kept by rewrites. */
    public Map<String, JsonNode> extra() {
        return extra;
    }

    public Completion completion() {
        return completion;
    }

    /** False only when the manifest says {@code "complete": false}. */
    public boolean finished() {
        return completion != Completion.UNFINISHED;
    }

    /**
     * How far an unfinished trace got: "unfinished: its producer stopped after 768 entries (last: NAME call 0 out)".
     */
    public String progress() {
        String last = entries.isEmpty() ? "none" : entries.get(entries.size() - 1).id().toString();
        return (finished() ? "complete" : "unfinished (\"complete\": false): its producer stopped or is still running")
                + " after " + entries.size() + " entries (last: " + last + ")";
    }

    /**
     * This trace, or an exception when it is unfinished.
     *
     * @throws FormatException naming the manifest and how far the trace got
     */
    public Trace requireFinished() {
        if (!finished()) {
            throw new FormatException(dir.resolve(TraceReader.MANIFEST), "trace is " + progress()
                    + "; a partial trace cannot be compared");
        }
        return this;
    }

    public List<TraceEntry> entries() {
        return entries;
    }

    /** The entry with this identity, or null. */
    public TraceEntry get(EntryId id) {
        return byId.get(id);
    }

    public Path fileOf(TraceEntry e) {
        return dir.resolve(e.file());
    }

    /**
     * Maps the entry's {@code .npy} file and checks that its shape is the manifest's. A complex entry may be
     * stored as a complex array or as float32/float64 (real, imaginary) pairs on a last axis of 2; either way the
     * tensor returned is complex, with the manifest's shape. A file holding integers or bools for a
     * floating-point entry, or real values for a complex entry, contradicts the manifest.
     *
     * @throws FormatException naming the file when it is unreadable or disagrees with the manifest
     */
    public Tensor tensor(TraceEntry e) {
        Path f = fileOf(e);
        Tensor t = Npy.read(f);
        if (storedAsPairs(e, t)) {
            t = t.asComplex();
        }
        if (!t.shape().equals(e.shape())) {
            throw new FormatException(f, "shape " + t.shape() + " disagrees with the manifest's " + e.shape()
                    + " for " + e.id());
        }
        if ((e.dtype().isFloating() && !t.dtype().isFloating()) || (e.dtype().isComplex() && !t.dtype().isComplex())) {
            throw new FormatException(f, "holds " + t.dtype().numpyName() + " but the manifest declares "
                    + e.dtype().numpyName() + " for " + e.id() + " (a file may hold a wider type, not another kind)");
        }
        return t;
    }

    private static boolean storedAsPairs(TraceEntry e, Tensor t) {
        return e.dtype().isComplex() && (t.dtype() == DType.FLOAT32 || t.dtype() == DType.FLOAT64)
                && t.shape().equals(e.shape().append(2));
    }
}
