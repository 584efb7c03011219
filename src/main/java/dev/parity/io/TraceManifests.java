package dev.parity.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Rewrites of whole traces: the format requires that a tool which rewrites a manifest keeps every field it
 * does not know, at the top level and in each entry.
 */
public final class TraceManifests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceManifests() {
    }

    /**
     * Copies {@code source} into the new directory {@code target}, giving each entry the identity
     * {@code rename} returns (for example a port's module path mapped to the reference's). Producer, note,
     * unknown top-level fields, module types, original dtypes, extra entry fields and values are kept; each
     * tensor is re-written as a C-ordered little-endian {@code .npy}.
     *
     * @throws FormatException when a source tensor cannot be read
     * @throws IllegalArgumentException when two entries are renamed to the same identity
     */
    public static Trace copy(Trace source, Path target, UnaryOperator<EntryId> rename) throws IOException {
        Map<String, Object> producer = source.producer().isObject()
                ? JSON.convertValue(source.producer(), new TypeReference<Map<String, Object>>() { })
                : Map.of();
        try (TraceWriter w = TraceWriter.create(target, producer, source.note())) {
            source.extra().forEach(w::putExtra);
            for (TraceEntry e : source.entries()) {
                w.add(rename.apply(e.id()), e.moduleType(), source.tensor(e), e.dtype(), e.extra());
            }
            if (source.finished()) {
                w.finish();
            }
        }
        return TraceReader.read(target);
    }
}
