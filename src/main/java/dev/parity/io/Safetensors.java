package dev.parity.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: a little-endian u64 header length, a JSON header, then raw little-endian data.
 *
 * <p>{@link #open} reads and checks only the header (bounded to {@value #MAX_HEADER_BYTES} bytes); each
 * tensor is memory-mapped when first asked for, so opening a multi-gigabyte checkpoint costs one small read.
 * Every entry's offsets are checked: inside the data section, ordered, not overlapping, and exactly
 * {@code dtype size × numel} long.
 */
public final class Safetensors {
    /** The reference implementation's own limit on the header size. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The header key that holds string metadata rather than a tensor. */
    public static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = StrictJson.MAPPER;

    private Safetensors() {
    }

    /** Where one tensor lives in the file. */
    public record Entry(String name, DType dtype, Shape shape, long begin, long end) {
        public long byteSize() {
            return end - begin;
        }
    }

    /** Opens and validates {@code file}; tensors are mapped lazily. */
    public static SafetensorsFile open(Path file) {
        InputFiles.requireRegular(file, "a safetensors file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsFile.Stamp stamp = SafetensorsFile.Stamp.of(file); // before anything is read
            long size = ch.size();
            if (size < 8) {
                throw new FormatException(file, "not a safetensors file: only " + size + " bytes");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > size - 8) {
                throw new FormatException(file, "header length " + Long.toUnsignedString(headerLen)
                        + " is longer than the file (" + size + " bytes)");
            }
            if (headerLen > MAX_HEADER_BYTES) {
                throw new FormatException(file, "header length " + headerLen + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLen < 2) {
                throw new FormatException(file, "header length " + headerLen + " is too short for a JSON object");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            String header = decodeUtf8(file, hb.array());
            long dataStart = 8 + headerLen;
            return parseHeader(file, header, dataStart, size - dataStart, stamp);
        } catch (NoSuchFileException e) {
            throw new FormatException(file, "file not found");
        } catch (IOException e) {
            throw new FormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(file, "header is not valid UTF-8");
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static SafetensorsFile parseHeader(Path file, String header, long dataStart, long dataLen,
            SafetensorsFile.Stamp stamp) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new FormatException(file, "header is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at byte " + e.getLocation().getCharOffset()));
        }
        if (root == null || !root.isObject()) {
            throw new FormatException(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                readMetadata(file, f.getValue(), metadata);
            } else {
                entries.put(f.getKey(), parseEntry(file, f.getKey(), f.getValue(), dataLen));
            }
        }
        checkOverlap(file, entries.values());
        return new SafetensorsFile(file, dataStart, metadata, entries, stamp);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) {
            throw new FormatException(file, "__metadata__ is not an object");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new FormatException(file, "__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
    }

    private static Entry parseEntry(Path file, String name, JsonNode n, long dataLen) {
        String where = "tensor '" + name + "'";
        if (!n.isObject() || !n.path("dtype").isTextual() || !n.path("shape").isArray()
                || !n.path("data_offsets").isArray() || n.path("data_offsets").size() != 2) {
            throw new FormatException(file, where + ": needs dtype, shape and two data_offsets");
        }
        DType dtype = dtypeOf(file, where, n.get("dtype").asText());
        List<Long> dims = new ArrayList<>();
        for (JsonNode d : n.get("shape")) {
            if (!StrictJson.isLong(d) || d.asLong() < 0) {
                throw new FormatException(file, where + ": bad shape " + n.get("shape"));
            }
            dims.add(d.asLong());
        }
        Shape shape = Shape.of(dims);
        JsonNode off = n.get("data_offsets");
        if (!StrictJson.isLong(off.get(0)) || !StrictJson.isLong(off.get(1))) {
            throw new FormatException(file, where + ": data_offsets " + off + " are not integers");
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLen) {
            throw new FormatException(file, where + ": data_offsets [" + begin + ", " + end
                    + "] out of range for " + dataLen + " data bytes");
        }
        long need;
        try {
            need = Math.multiplyExact(shape.numel(), (long) dtype.size());
        } catch (ArithmeticException e) {
            throw new FormatException(file, where + ": shape " + shape + " overflows");
        }
        if (end - begin != need) {
            throw new FormatException(file, where + ": " + (end - begin) + " bytes but shape " + shape + " of "
                    + dtype + " needs " + need);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkOverlap(Path file, Iterable<Entry> entries) {
        List<Entry> sorted = new ArrayList<>();
        entries.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw new FormatException(file, "tensors '" + a.name() + "' [" + a.begin() + ", " + a.end()
                        + ") and '" + b.name() + "' [" + b.begin() + ", " + b.end() + ") overlap");
            }
        }
    }

    static DType dtypeOf(Path file, String where, String code) {
        return switch (code) {
            case "F64" -> DType.FLOAT64;
            case "F32" -> DType.FLOAT32;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            case "F8_E4M3" -> DType.FLOAT8_E4M3FN;
            case "F8_E5M2" -> DType.FLOAT8_E5M2;
            case "I64" -> DType.INT64;
            case "I32" -> DType.INT32;
            case "I16" -> DType.INT16;
            case "I8" -> DType.INT8;
            case "U64" -> DType.UINT64;
            case "U32" -> DType.UINT32;
            case "U16" -> DType.UINT16;
            case "U8" -> DType.UINT8;
            case "BOOL" -> DType.BOOL;
            case "C64" -> DType.COMPLEX64;
            default -> throw new FormatException(file, where + ": unknown dtype '" + code + "'");
        };
    }

    static String codeOf(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case FLOAT8_E4M3FN -> "F8_E4M3";
            case FLOAT8_E5M2 -> "F8_E5M2";
            case COMPLEX64 -> "C64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT16 -> "I16";
            case INT8 -> "I8";
            case UINT64 -> "U64";
            case UINT32 -> "U32";
            case UINT16 -> "U16";
            case UINT8 -> "U8";
            case BOOL -> "BOOL";
            case COMPLEX128 -> throw new IllegalArgumentException("complex128 has no safetensors dtype (C64 only)");
        };
    }

    /**
     * Writes tensors (in the map's order) and optional metadata to {@code file}, through a temporary file.
     * Data is little-endian and C-ordered; the header is padded with spaces to a multiple of 8 bytes.
     *
     * @throws IllegalArgumentException when a tensor is named {@value #METADATA}
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        if (tensors.containsKey(METADATA)) {
            throw new IllegalArgumentException("a tensor cannot be named " + METADATA + " (writing " + file + ")");
        }
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long len = t.numel() * t.dtype().size();
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", codeOf(t.dtype()));
            var shape = n.putArray("shape");
            for (long d : t.shape().dims()) {
                shape.add(d);
            }
            n.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8;
        AtomicFiles.write(file, out -> writeBody(out, h, padded, tensors));
    }

    private static void writeBody(OutputStream out, byte[] h, int padded, Map<String, Tensor> tensors)
            throws IOException {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(len.array());
        out.write(h);
        out.write(" ".repeat(padded - h.length).getBytes(StandardCharsets.US_ASCII));
        for (Tensor t : tensors.values()) {
            ByteBuffer b = t.toBytes(ByteOrder.LITTLE_ENDIAN);
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
    }
}
