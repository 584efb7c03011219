package dev.parity.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One manifest entry. {@code dtype} is the original tensor's dtype (the file may hold a wider type);
 * {@code moduleType} may be null; {@code extra} keeps every field the format does not define so that
 * rewriting a manifest loses nothing.
 *
 * @param index position in execution order within its manifest
 */
public record TraceEntry(int index, EntryId id, String moduleType, String file, Shape shape, DType dtype,
                         Map<String, JsonNode> extra) {
    public TraceEntry {
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra)); // file order kept for rewrites
    }

    public String name() {
        return id.name();
    }

    public int call() {
        return id.call();
    }

    public EntryKind kind() {
        return id.kind();
    }

    public String arg() {
        return id.arg();
    }
}
