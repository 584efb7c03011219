package dev.parity.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Streams entries into a new trace directory. Each tensor goes to its own {@code .npy} file as it arrives (an
 * entry may instead name the file of an earlier entry that holds the same tensor, {@link #addShared});
 * the manifest is rewritten atomically after the first {@value #FLUSH_EVERY} entries, then whenever the entries
 * have grown by {@value #FLUSH_EVERY} or an eighth since the last rewrite (so rewriting costs a bounded
 * multiple of the final manifest, not its square), and on {@link #close()}: the directory always holds a valid
 * trace of (almost all of) what was recorded so far, even after a crash. Every such manifest
 * says {@code "complete": false}; only {@link #finish()}, called when the run ended normally, writes
 * {@code "complete": true}. A run that is killed, or that fails and is closed, leaves an unfinished trace.
 *
 * <p>The writer refuses a directory that already holds a trace or any other files, so nothing is
 * overwritten.
 */
public final class TraceWriter implements AutoCloseable {
    static final int FLUSH_EVERY = 256;
    /** Longest file-name stem written; leaves room for a {@code ~k} suffix and {@code .npy}. */
    static final int MAX_STEM = 200;
    /**
     * Tensor data from this size on is written past the page cache where the file system allows
     * ({@link DirectWriter}); a full-size trace has about 10,000 files, nearly all 64 KB to 2 MB
     * (bench/pipeline.md), and the few smaller ones cost more in direct I/O's per-file waits than they save.
     */
    static final int DIRECT_MIN_BYTES = 64 << 10;
    /**
     * The alignment of a buffer {@link #addImage} writes past the page cache without copying it first, and of the
     * length of a large image's file ({@link #imageHeader}): 4 KiB, the block of nearly every file system.
     */
    public static final int IMAGE_ALIGN = DirectWriter.MIN_ALIGN;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Map<String, Object> producer;
    private final List<TraceEntry> entries = new ArrayList<>();
    private final Set<EntryId> ids = new HashSet<>();
    private final Set<String> files = new HashSet<>();
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();
    private final String note;
    private DirectWriter direct; // made on the first large tensor
    private final boolean inMemory;
    private int flushedSize;
    private boolean closed;
    private boolean finished;

    private TraceWriter(Path dir, Map<String, Object> producer, String note) {
        this.dir = dir;
        this.producer = producer;
        this.note = note;
        this.inMemory = DirectWriter.heldInMemory(dir);
    }

    /**
     * Creates the directory (which must not exist or be empty) and writes an empty, valid manifest.
     *
     * @param producer free-form description of who wrote the trace (name, language, framework)
     */
    public static TraceWriter create(Path dir, Map<String, Object> producer, String note) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new FormatException(dir, "exists and is not a directory");
            }
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new FormatException(dir, "directory is not empty; refusing to overwrite it");
                }
            }
        }
        Files.createDirectories(dir.resolve("tensors"));
        // a map with an order (a LinkedHashMap) keeps it; any other (Map.of: a new order every JVM) is sorted, so
        // that two runs of the same command write the same manifest
        Map<String, Object> ordered = producer instanceof LinkedHashMap || producer instanceof java.util.SortedMap
                ? new LinkedHashMap<>(producer) : new java.util.TreeMap<>(producer);
        TraceWriter w = new TraceWriter(dir, Collections.unmodifiableMap(ordered), note);
        w.flush();
        return w;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Whether the trace's file system keeps its files in memory (tmpfs, ramfs; settled when the writer is made):
     * writing it then costs the CPU a copy of every byte into fresh pages, where on a disk the large tensors go to
     * the device from the writer's buffers ({@link DirectWriter}).
     */
    public boolean inMemory() {
        return inMemory;
    }

    /**
     * Writes {@code t} as {@code tensors/<name>#<call>.<kind>[.<arg>].npy} and appends its entry.
     *
     * @return the file, relative to the trace directory, for {@link #addShared}
     * @param originalDtype the dtype of the tensor before any widening the producer did
     * @throws IllegalArgumentException if the identity was already written
     */
    public String add(EntryId id, String moduleType, Tensor t, DType originalDtype) {
        return add(id, moduleType, t, originalDtype, Map.of());
    }

    /**
     * Like {@link #add(EntryId, String, Tensor, DType)}, and also writes {@code extra} fields (for example
     * {@code tags}) into the entry, in the map's order.
     *
     * @throws IllegalArgumentException if the identity was already written or an extra key is a field the
     *     format defines
     */
    public synchronized String add(EntryId id, String moduleType, Tensor t, DType originalDtype,
                                 Map<String, JsonNode> extra) {
        checkOpen(id);
        for (String k : extra.keySet()) {
            if (TraceReader.KNOWN.contains(k)) {
                throw new IllegalArgumentException("extra field '" + k + "' of " + id + " is a field of the format");
            }
        }
        String file = uniqueFile(id);
        writeFile(file, ch -> Npy.write(Channels.newOutputStream(ch), t));
        append(new TraceEntry(entries.size(), id, moduleType, file, t.shape(), originalDtype, extra));
        return file;
    }

    /**
     * The {@code .npy} header of an image {@link #addImage} takes: for data of {@link #DIRECT_MIN_BYTES} or more,
     * padded so that the file is a whole number of 4 KiB blocks where its length allows ({@link Npy#header(DType,
     * Shape, int)}), so that a write past the page cache ends on a block and the file needs no cut to its length
     * (cutting it cost ext4 a read of the last block: 0.1 ms a file, bench/pipeline.md); else np.save's header.
     */
    public static byte[] imageHeader(DType fileDtype, Shape shape) {
        boolean large = shape.numel() * fileDtype.size() >= DIRECT_MIN_BYTES;
        return Npy.header(fileDtype, shape, large ? IMAGE_ALIGN : 0);
    }

    /**
     * Writes an entry whose file is {@code image} from its position to its limit, byte for byte: the
     * {@link #imageHeader} of {@code fileDtype} and {@code shape}, then the raw little-endian elements. A producer
     * that copies tensors into buffers of its own lays them out this way so that a buffer aligned to the file
     * system's block ({@link #IMAGE_ALIGN}), with room up to the next block boundary, is written past the page cache
     * with no further copy.
     *
     * @return the file, relative to the trace directory, for {@link #addShared}
     * @throws IllegalArgumentException if the identity was already written, or the image does not start with the
     *     header or has the wrong length
     */
    public synchronized String addImage(EntryId id, String moduleType, DType fileDtype, Shape shape,
                                        DType originalDtype, ByteBuffer image) {
        checkOpen(id);
        byte[] header = imageHeader(fileDtype, shape);
        if (image.remaining() != header.length + shape.numel() * fileDtype.size()
                || image.duplicate().limit(image.position() + header.length).compareTo(ByteBuffer.wrap(header)) != 0) {
            throw new IllegalArgumentException(id + ": not the .npy image of " + fileDtype.numpyName() + " " + shape);
        }
        String file = uniqueFile(id);
        boolean written = image.remaining() >= DIRECT_MIN_BYTES && writeDirect(file, image);
        if (!written) {
            ByteBuffer part = image.duplicate();
            writeFile(file, ch -> {
                while (part.hasRemaining()) {
                    ch.write(part);
                }
            });
        }
        append(new TraceEntry(entries.size(), id, moduleType, file, shape, originalDtype, Map.of()));
        return file;
    }

    /**
     * Adds an entry that names {@code file}, a file this writer already wrote for an earlier entry holding the
     * same tensor (the format lets entries share a file). Nothing is written but the manifest entry.
     *
     * @throws IllegalArgumentException if the identity was already written or this writer did not write the file
     */
    public synchronized void addShared(EntryId id, String moduleType, String file, Shape shape, DType originalDtype) {
        checkOpen(id);
        if (!files.contains(file.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(id + ": '" + file + "' is not a file of this trace writer");
        }
        append(new TraceEntry(entries.size(), id, moduleType, file, shape, originalDtype, Map.of()));
    }

    private void checkOpen(EntryId id) {
        if (closed) {
            throw new IllegalStateException("trace writer for " + dir + " is closed");
        }
        if (ids.contains(id)) {
            throw new IllegalArgumentException("duplicate trace identity " + id);
        }
    }

    private void append(TraceEntry e) {
        ids.add(e.id());
        entries.add(e);
        int since = entries.size() - flushedSize;
        if (since >= FLUSH_EVERY && since >= flushedSize / 8) {
            flushUnchecked();
        }
    }

    /**
     * Writes the file; on failure removes what was written and forgets its name, so the identity can be added
     * again. Written in place, not through a temporary file: the name is new in a directory this writer owns,
     * and the manifest names the file only once it is complete.
     */
    private void writeFile(String file, ChannelWrite body) {
        Path f = dir.resolve(file);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                body.write(ch);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(f); // ours: created just now
                throw e;
            }
        } catch (IOException e) {
            files.remove(file.toLowerCase(Locale.ROOT));
            throw new UncheckedIOException("writing " + f, e);
        } catch (RuntimeException e) {
            files.remove(file.toLowerCase(Locale.ROOT));
            throw e;
        }
    }

    /**
     * Writes the file past the page cache ({@link DirectWriter}); false if the file system refused that, and nothing
     * was written. On another failure removes what was written and forgets the name, like {@link #writeFile}.
     */
    private boolean writeDirect(String file, ByteBuffer image) {
        if (direct == null) {
            direct = new DirectWriter(dir);
        }
        Path f = dir.resolve(file);
        try {
            return direct.write(f, image);
        } catch (IOException e) {
            files.remove(file.toLowerCase(Locale.ROOT));
            throw new UncheckedIOException("writing " + f, e);
        }
    }

    /** What {@link #writeFile} writes into the new file. */
    private interface ChannelWrite {
        void write(FileChannel ch) throws IOException;
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // the write failed already; that is the error to report
        }
    }

    private String uniqueFile(EntryId id) {
        String stem = safe(id.name().replace("()", ".method")) + "#" + id.call() + "." + id.kind().label()
                + (id.arg() == null ? "" : "." + safe(id.arg()));
        if (stem.length() > MAX_STEM) { // file systems refuse names over 255 bytes
            stem = stem.substring(0, MAX_STEM - 9) + "~" + String.format("%08x", stem.hashCode());
        }
        String base = "tensors/" + stem;
        String f = base + ".npy";
        // compared ignoring case: on macOS and Windows "A.npy" and "a.npy" are one file
        for (int k = 1; !files.add(f.toLowerCase(Locale.ROOT)); k++) {
            f = base + "~" + k + ".npy";
        }
        return f;
    }

    /**
     * Sets a top-level manifest field the format does not define (kept from a source trace by
     * {@link TraceManifests#copy}); written at the next flush.
     *
     * @throws IllegalArgumentException for a field the format defines
     */
    public synchronized void putExtra(String key, JsonNode value) {
        if (TraceReader.KNOWN_TOP.contains(key)) {
            throw new IllegalArgumentException("'" + key + "' is a field of the format");
        }
        extra.put(key, value);
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._#=-]", "_");
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Rewrites the manifest atomically with every entry added so far. */
    public synchronized void flush() throws IOException {
        AtomicFiles.write(dir.resolve(TraceReader.MANIFEST), out -> {
            try (JsonGenerator g = new JsonFactory(JSON).createGenerator(out, JsonEncoding.UTF8)) {
                writeManifest(g);
            }
        });
        flushedSize = entries.size();
    }

    private void flushUnchecked() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing manifest in " + dir, e);
        }
    }

    private void writeManifest(JsonGenerator g) throws IOException {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("format", "parity-trace");
        g.writeNumberField("version", TraceReader.VERSION);
        g.writeBooleanField(TraceReader.COMPLETE, finished);
        g.writeFieldName("producer");
        JSON.writeValue(g, producer);
        if (note != null) {
            g.writeStringField("note", note);
        }
        for (Map.Entry<String, JsonNode> x : extra.entrySet()) {
            g.writeFieldName(x.getKey());
            JSON.writeTree(g, x.getValue());
        }
        g.writeArrayFieldStart("entries");
        for (TraceEntry e : entries) {
            writeEntry(g, e);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void writeEntry(JsonGenerator g, TraceEntry e) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", e.name());
        g.writeNumberField("call", e.call());
        g.writeStringField("kind", e.kind().label());
        g.writeStringField("arg", e.arg());
        if (e.moduleType() != null) {
            g.writeStringField("module_type", e.moduleType());
        }
        g.writeStringField("file", e.file());
        g.writeArrayFieldStart("shape");
        for (long d : e.shape().dims()) {
            g.writeNumber(d);
        }
        g.writeEndArray();
        g.writeStringField("dtype", e.dtype().numpyName());
        for (Map.Entry<String, JsonNode> x : e.extra().entrySet()) {
            g.writeFieldName(x.getKey());
            JSON.writeTree(g, x.getValue());
        }
        g.writeEndObject();
    }

    /** Marks the trace complete (the run ended normally) and closes the writer. */
    public synchronized void finish() throws IOException {
        if (closed) {
            throw new IllegalStateException("trace writer for " + dir + " is closed");
        }
        finished = true;
        close();
    }

    /** Writes the final manifest; unless {@link #finish()} was called, it stays marked unfinished. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            flush();
            closed = true;
        }
    }
}
