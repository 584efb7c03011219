package dev.parity.io;

import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    SafetensorsFile(Path path, long dataStart, Map<String, String> metadata, Map<String, Safetensors.Entry> entries) {
        this.path = path;
        this.dataStart = dataStart;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.entries = Collections.unmodifiableMap(entries);
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
