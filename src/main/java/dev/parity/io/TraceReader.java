package dev.parity.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
    /** Top-level field the writer sets to false when it starts and to true when the run finished. */
    public static final String COMPLETE = "complete";
    /** Default limit of a manifest's size: about 800 000 entries. */
    public static final long DEFAULT_MAX_MANIFEST_BYTES = 256L << 20;
    /** System property that overrides {@link #DEFAULT_MAX_MANIFEST_BYTES}. */
    public static final String MAX_BYTES_PROPERTY = "parity.manifest.maxBytes";
    private static final ObjectMapper JSON = StrictJson.MAPPER;
    /** The entry fields the format defines; any other field is kept in {@link TraceEntry#extra()}. */
    static final Set<String> KNOWN = Set.of("name", "call", "kind", "arg", "module_type", "file", "shape",
            "dtype");

    private TraceReader() {
    }

    /** Top-level fields the format defines; any other is kept in {@link Trace#extra()}. */
    static final Set<String> KNOWN_TOP = Set.of("format", "version", "producer", "note", "entries",
            COMPLETE);

    /**
     * Reads the trace in {@code dir} (a directory holding manifest.json, or the manifest file itself).
     *
     * @throws FormatException naming the manifest and the entry when anything disagrees with the format
     */
    public static Trace read(Path dir) {
        return read(dir, maxManifestBytes());
    }

    /** {@link #read(Path)} with an explicit manifest size limit. */
    static Trace read(Path dir, long maxBytes) {
        Path manifest = Files.isDirectory(dir) ? dir.resolve(MANIFEST) : dir;
        checkManifestFile(manifest, maxBytes);
        Path root = manifest.toAbsolutePath().normalize().getParent();
        Path realRoot = realPath(manifest, root);
        try (InputStream in = new LimitedInputStream(Files.newInputStream(manifest), maxBytes);
             JsonParser p = StrictJson.STREAMING.createParser(in)) {
            return parse(manifest, new Roots(root, realRoot), p);
        } catch (JsonProcessingException e) {
            throw new FormatException(manifest, "invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (LimitedInputStream.LimitExceeded e) {
            throw new FormatException(manifest, "manifest is longer than the limit of " + maxBytes + " bytes (-D"
                    + MAX_BYTES_PROPERTY + "=N raises it)");
        } catch (IOException e) {
            throw new FormatException(manifest, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The manifest size limit: {@value #DEFAULT_MAX_MANIFEST_BYTES} bytes, or the system property's value. */
    static long maxManifestBytes() {
        String v = System.getProperty(MAX_BYTES_PROPERTY);
        try {
            return v == null ? DEFAULT_MAX_MANIFEST_BYTES : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_MANIFEST_BYTES;
        }
    }

    /** A regular file no larger than the limit; a FIFO or device is refused before it is opened. */
    private static void checkManifestFile(Path manifest, long maxBytes) {
        String kind = InputFiles.kindOf(manifest);
        if (InputFiles.MISSING.equals(kind)) {
            throw new FormatException(manifest, "no manifest.json (not a parity trace directory?)");
        }
        if (kind != null) {
            throw new FormatException(manifest, kind + ", not a manifest file");
        }
        try {
            long size = Files.size(manifest);
            if (size > maxBytes) {
                throw new FormatException(manifest, "manifest of " + size + " bytes is larger than the limit of "
                        + maxBytes + " bytes (-D" + MAX_BYTES_PROPERTY + "=N raises it)");
            }
        } catch (IOException e) {
            throw new FormatException(manifest, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Path realPath(Path manifest, Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new FormatException(manifest, "cannot resolve the trace directory: " + e.getMessage(), e);
        }
    }

    /** The trace directory as given (normalized) and with every symbolic link resolved. */
    private record Roots(Path given, Path real) {
    }

    /**
     * Streams the manifest: top-level fields are read as small trees, each entry is parsed and checked as it
     * arrives, so memory grows with the entries kept, not with the text.
     */
    private static Trace parse(Path manifest, Roots roots, JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new FormatException(manifest, "manifest is not a JSON object");
        }
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        List<TraceEntry> entries = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("entries".equals(field) && p.currentToken() == JsonToken.START_ARRAY) {
                checkHeader(manifest, header, false);
                entries = entries(manifest, roots, p);
                header.putArray("entries");
            } else {
                header.set(field, p.readValueAsTree());
            }
        }
        if (p.nextToken() != null) {
            throw new FormatException(manifest, "invalid JSON: trailing content after the manifest object");
        }
        checkHeader(manifest, header, true);
        String note = header.path("note").isTextual() ? header.get("note").asText() : null;
        JsonNode producer = header.path("producer").isMissingNode() ? NullNode.getInstance() : header.get("producer");
        return new Trace(roots.given(), producer, note, entries, extras(header, KNOWN_TOP), completion(manifest,
                header));
    }

    private static List<TraceEntry> entries(Path manifest, Roots roots, JsonParser p) throws IOException {
        List<TraceEntry> entries = new ArrayList<>();
        Map<EntryId, Integer> seen = new HashMap<>();
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            JsonNode n = p.readValueAsTree();
            TraceEntry e = parseEntry(manifest, roots, i, n);
            Integer prev = seen.putIfAbsent(e.id(), i);
            if (prev != null) {
                throw new FormatException(manifest, "entries " + prev + " and " + i + " have the same identity ("
                        + e.id() + ")");
            }
            entries.add(e);
        }
        return entries;
    }

    private static Trace.Completion completion(Path manifest, JsonNode header) {
        JsonNode c = header.get(COMPLETE);
        if (c == null) {
            return Trace.Completion.UNMARKED;
        }
        if (!c.isBoolean()) {
            throw new FormatException(manifest, "field '" + COMPLETE + "' must be true or false, found " + c);
        }
        return c.asBoolean() ? Trace.Completion.COMPLETE : Trace.Completion.UNFINISHED;
    }

    /**
     * Checks format, version and entries. Before the entries ({@code whole} false) only the fields already read
     * are checked, so an unknown version is refused before its entries are parsed.
     */
    private static void checkHeader(Path manifest, JsonNode doc, boolean whole) {
        if (!whole && (!doc.has("format") || !doc.has("version"))) {
            return;
        }
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
        if (whole && !doc.path("entries").isArray()) {
            throw new FormatException(manifest, "field 'entries' is missing or not an array");
        }
    }

    private static TraceEntry parseEntry(Path manifest, Roots root, int i, JsonNode n) {
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

    private static void checkFile(Path manifest, Roots roots, String where, String file) {
        Path rel;
        try {
            rel = Path.of(file);
        } catch (InvalidPathException e) {
            throw new FormatException(manifest, where + ": file '" + file + "' is not a valid path");
        }
        Path root = roots.given();
        Path resolved = root.resolve(rel).normalize();
        if (rel.isAbsolute() || file.startsWith("/") || file.startsWith("\\") || !resolved.startsWith(root)
                || resolved.equals(root)) {
            throw new FormatException(manifest, where + ": file '" + file + "' is outside the trace directory");
        }
        String kind = InputFiles.kindOf(resolved);
        if (kind != null) {
            throw new FormatException(manifest, where + ": file '" + file + "' " + kind
                    + (InputFiles.MISSING.equals(kind) ? "" : ", not a .npy file"));
        }
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException e) {
            throw new FormatException(manifest, where + ": file '" + file + "' cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(roots.real())) {
            throw new FormatException(manifest, where + ": file '" + file + "' is a symbolic link (or lies under "
                    + "one) that leads outside the trace directory, to " + real);
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
