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

/** An opened, validated safetensors file. Tensors are memory-mapped on demand and never copied. */
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
     * The stored bytes of tensor {@code name}, mapped read-only and in file (little-endian) order: for consumers that
     * hand the mapping itself to native code instead of copying (a native tensor over the file's pages). The file
     * must not change while the mapping is in use.
     */
    public ByteBuffer mapBytes(String name) {
        Safetensors.Entry e = entry(name);
        if (e.byteSize() > Integer.MAX_VALUE) {
            throw new FormatException(path, "tensor '" + name + "' of " + e.byteSize()
                    + " bytes is larger than one mapping (2 GiB)");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.byteSize())
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new FormatException(path, "cannot map tensor '" + name + "': " + ex.getMessage(), ex);
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
            ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.byteSize());
            return Tensor.wrap(e.dtype(), e.shape(), b, ByteOrder.LITTLE_ENDIAN, false);
        } catch (IOException ex) {
            throw new FormatException(path, "cannot map tensor '" + name + "': " + ex.getMessage(), ex);
        }
    }
}
