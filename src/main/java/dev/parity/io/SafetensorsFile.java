package dev.parity.io;

import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An opened, validated safetensors file. {@link #tensor} maps a tensor on demand (no copy; a read that faults because
 * the file was truncated meanwhile is named by {@link MappedFiles}); {@link #readInto} copies one.
 */
public final class SafetensorsFile {
    private final Path path;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final Map<String, Safetensors.Entry> entries;
    private final Stamp opened; // the file as it was when opened

    SafetensorsFile(Path path, long dataStart, Map<String, String> metadata, Map<String, Safetensors.Entry> entries,
            Stamp opened) {
        this.path = path;
        this.dataStart = dataStart;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.entries = Collections.unmodifiableMap(entries);
        this.opened = opened;
    }

    /** Which file a path named, its size and its modification time: what a rewrite or a replacement changes. */
    record Stamp(Object fileKey, long size, FileTime modified) {
        static Stamp of(Path p) throws IOException {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Stamp(a.fileKey(), a.size(), a.lastModifiedTime());
        }
    }

    /**
     * Checks that the file is still the one that was opened, unchanged (the same file, size and modification time),
     * for a reader that took tensors from it one after another (a model's weights): another program that rewrote or
     * replaced it meanwhile may have left the reader with old and new tensors mixed.
     *
     * @throws FormatException naming the file and what changed
     */
    public void requireUnchanged() {
        Stamp now;
        try {
            now = Stamp.of(path);
        } catch (NoSuchFileException e) {
            throw new FormatException(path, "was removed while it was being read; the tensors read may be incomplete");
        } catch (IOException e) {
            throw new FormatException(path, "cannot be checked after reading it: " + e.getMessage(), e);
        }
        String what = !java.util.Objects.equals(now.fileKey(), opened.fileKey()) ? "replaced by another file"
                : now.size() != opened.size() ? "now " + now.size() + " bytes, was " + opened.size()
                : !now.modified().equals(opened.modified()) ? "modified at " + now.modified() + ", opened as of "
                        + opened.modified()
                : null;
        if (what != null) {
            throw new FormatException(path, "changed while it was being read (" + what + "): another program "
                    + "rewrote it, and the tensors read may mix old and new data; read it again once it is written");
        }
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} strings, empty when absent. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return entries.keySet();
    }

    public Map<String, Safetensors.Entry> entries() {
        return entries;
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Safetensors.Entry entry(String name) {
        Safetensors.Entry e = entries.get(name);
        if (e == null) {
            throw new FormatException(path, "no tensor named '" + name + "'");
        }
        return e;
    }

    /**
     * Copies the stored bytes of tensor {@code name} (file order: little-endian) into {@code dst}, whose remaining
     * room must be the tensor's size: for consumers that must not keep the file mapped (native code reading a
     * mapping would take the process down if another program truncated the file meanwhile). A file that ends early
     * (truncated since it was opened) is a {@link FormatException} naming it.
     */
    public void readInto(String name, ByteBuffer dst) {
        Safetensors.Entry e = entry(name);
        if (dst.remaining() != e.byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + e.byteSize() + " bytes, the buffer "
                    + dst.remaining());
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long at = dataStart + e.begin();
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n < 0) {
                    throw shortened(name, ch.size());
                }
                at += n;
            }
        } catch (IOException ex) {
            throw new FormatException(path, "cannot read tensor '" + name + "': " + ex.getMessage(), ex);
        }
    }

    /** Maps tensor {@code name} read-only. */
    public Tensor tensor(String name) {
        Safetensors.Entry e = entry(name);
        if (e.byteSize() > Integer.MAX_VALUE) {
            throw new FormatException(path, "tensor '" + name + "' of " + e.byteSize()
                    + " bytes is larger than one mapping (2 GiB)");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < dataStart + e.begin() + e.byteSize()) {
                throw shortened(name, size);
            }
            MappedFiles.mapping(path, size);
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.byteSize());
            return Tensor.wrap(e.dtype(), e.shape(), b, ByteOrder.LITTLE_ENDIAN, false);
        } catch (IOException ex) {
            throw new FormatException(path, "cannot map tensor '" + name + "': " + ex.getMessage(), ex);
        }
    }

    /** The file no longer holds all of tensor {@code name}: it was truncated or rewritten since it was opened. */
    private FormatException shortened(String name, long size) {
        return new FormatException(path, "ends within tensor '" + name + "' (now " + size + " bytes): it changed "
                + "while it was being read (another program truncated or rewrote it)");
    }
}
