package dev.parity.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates {@code manifest.json} per the trace format, version 1. Every entry's fields,
 * uniqueness of identities and the presence of each file inside the trace directory are checked up front;
 * tensor contents are read only when asked for.
 */
public final class TraceReader {
    public static final String MANIFEST = "manifest.json";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = StrictJson.MAPPER;
    /** The entry fields the format defines; any other field is kept in {@link TraceEntry#extra()}. */
    static final Set<String> KNOWN = Set.of("name", "call", "kind", "arg", "module_type", "file", "shape",
            "dtype");

    private TraceReader() {
    }

    /** Top-level fields the format defines; any other is kept in {@link Trace#extra()}. */
    static final Set<String> KNOWN_TOP = Set.of("format", "version", "producer", "note", "entries");

    /**
     * Reads the trace in {@code dir} (a directory holding manifest.json, or the manifest file itself).
     *
     * @throws FormatException naming the manifest and the entry when anything disagrees with the format
     */
    public static Trace read(Path dir) {
        Path manifest = Files.isDirectory(dir) ? dir.resolve(MANIFEST) : dir;
        Path root = manifest.toAbsolutePath().normalize().getParent();
        JsonNode doc = parseJson(manifest);
        checkHeader(manifest, doc);
        List<TraceEntry> entries = new ArrayList<>();
        Map<EntryId, Integer> seen = new HashMap<>();
        JsonNode arr = doc.get("entries");
        for (int i = 0; i < arr.size(); i++) {
            TraceEntry e = parseEntry(manifest, root, i, arr.get(i));
            Integer prev = seen.putIfAbsent(e.id(), i);
            if (prev != null) {
                throw new FormatException(manifest, "entries " + prev + " and " + i + " have the same identity ("
                        + e.id() + ")");
            }
            entries.add(e);
        }
        String note = doc.path("note").isTextual() ? doc.get("note").asText() : null;
        return new Trace(root, doc.path("producer").isMissingNode() ? NullNode.getInstance() : doc.get("producer"),
                note, entries, extras(doc, KNOWN_TOP));
    }

    private static JsonNode parseJson(Path manifest) {
        try {
            byte[] bytes = Files.readAllBytes(manifest);
            JsonNode doc = JSON.readTree(bytes);
            if (doc == null || !doc.isObject()) {
                throw new FormatException(manifest, "manifest is not a JSON object");
            }
            return doc;
        } catch (NoSuchFileException e) {
            throw new FormatException(manifest, "no manifest.json (not a parity trace directory?)");
        } catch (JsonProcessingException e) {
            throw new FormatException(manifest, "invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new FormatException(manifest, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkHeader(Path manifest, JsonNode doc) {
        if (!"parity-trace".equals(doc.path("format").asText(null))) {
            throw new FormatException(manifest, "field 'format' must be \"parity-trace\", found " + doc.get("format"));
        }
        JsonNode v = doc.get("version");
        if (v == null || !v.isIntegralNumber()) {
            throw new FormatException(manifest, "field 'version' is missing or not an integer");
        }
        if (!v.canConvertToInt() || v.asInt() != VERSION) {
            throw new FormatException(manifest, "unknown trace format version " + v + " (this reader knows "
                    + VERSION + ")");
        }
        if (!doc.path("entries").isArray()) {
            throw new FormatException(manifest, "field 'entries' is missing or not an array");
        }
    }

    private static TraceEntry parseEntry(Path manifest, Path root, int i, JsonNode n) {
        String where = "entry " + i;
        if (!n.isObject()) {
            throw new FormatException(manifest, where + " is not an object");
        }
        String name = text(manifest, where, n, "name");
        where = "entry " + i + " (" + name + ")";
        JsonNode call = require(manifest, where, n, "call");
        if (!call.isIntegralNumber() || !call.canConvertToInt() || call.asInt() < 0) {
            throw new FormatException(manifest, where + ": 'call' must be a non-negative integer, found " + call);
        }
        String kindText = text(manifest, where, n, "kind");
        EntryKind kind = EntryKind.parse(kindText);
        if (kind == null) {
            throw new FormatException(manifest, where + ": unknown kind '" + kindText + "' (in, out, rng, final)");
        }
        JsonNode arg = require(manifest, where, n, "arg");
        if (!arg.isNull() && !arg.isTextual()) {
            throw new FormatException(manifest, where + ": 'arg' must be a string or null, found " + arg);
        }
        String file = text(manifest, where, n, "file");
        checkFile(manifest, root, where, file);
        Shape shape = shape(manifest, where, require(manifest, where, n, "shape"));
        DType dtype = dtype(manifest, where, text(manifest, where, n, "dtype"));
        String moduleType = n.path("module_type").isTextual() ? n.get("module_type").asText() : null;
        EntryId id = new EntryId(name, call.asInt(), kind, arg.isNull() ? null : arg.asText());
        return new TraceEntry(i, id, moduleType, file, shape, dtype, extras(n, KNOWN));
    }

    private static Map<String, JsonNode> extras(JsonNode n, Set<String> known) {
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!known.contains(f.getKey())) {
                extra.put(f.getKey(), f.getValue());
            }
        }
        return extra;
    }

    private static JsonNode require(Path manifest, String where, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new FormatException(manifest, where + ": missing required field '" + field + "'");
        }
        return v;
    }

    private static String text(Path manifest, String where, JsonNode n, String field) {
        JsonNode v = require(manifest, where, n, field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new FormatException(manifest, where + ": '" + field + "' must be a non-empty string, found " + v);
        }
        return v.asText();
    }

    private static void checkFile(Path manifest, Path root, String where, String file) {
        Path rel;
        try {
            rel = Path.of(file);
        } catch (InvalidPathException e) {
            throw new FormatException(manifest, where + ": file '" + file + "' is not a valid path");
        }
        Path resolved = root.resolve(rel).normalize();
        if (rel.isAbsolute() || file.startsWith("/") || file.startsWith("\\") || !resolved.startsWith(root)
                || resolved.equals(root)) {
            throw new FormatException(manifest, where + ": file '" + file + "' is outside the trace directory");
        }
        if (!Files.isRegularFile(resolved)) {
            throw new FormatException(manifest, where + ": file '" + file + "' does not exist");
        }
    }

    private static Shape shape(Path manifest, String where, JsonNode s) {
        if (!s.isArray()) {
            throw new FormatException(manifest, where + ": 'shape' must be an array, found " + s);
        }
        long[] dims = new long[s.size()];
        for (int k = 0; k < dims.length; k++) {
            JsonNode d = s.get(k);
            if (!StrictJson.isLong(d) || d.asLong() < 0) {
                throw new FormatException(manifest, where + ": bad shape " + s);
            }
            dims[k] = d.asLong();
        }
        return new Shape(dims);
    }

    private static DType dtype(Path manifest, String where, String name) {
        try {
            return DType.fromNumpyName(name);
        } catch (IllegalArgumentException e) {
            throw new FormatException(manifest, where + ": " + e.getMessage());
        }
    }
}
