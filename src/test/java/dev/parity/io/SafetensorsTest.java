package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.SharedData;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Safetensors} against a file built byte by byte by make_npy_fixtures.py (every dtype of the format,
 * values from NumPy / ml_dtypes) and against the shared reference weights.
 */
class SafetensorsTest {
    private static final Path ALL = Fixtures.SAFETENSORS.resolve("all-dtypes.safetensors");
    private static final JsonNode ALL_EXPECTED = Fixtures.readJson(Fixtures.SAFETENSORS.resolve("all-dtypes.json"));

    @Test
    void readsEveryDtypeOfTheFormat() {
        SafetensorsFile f = Safetensors.open(ALL);
        assertEquals(List.copyOf(names(ALL_EXPECTED)), List.copyOf(f.names()), "header order kept");
        List<String> codes = new ArrayList<>();
        for (String name : f.names()) {
            JsonNode want = ALL_EXPECTED.get(name);
            DType dtype = Safetensors.dtypeOf(ALL, name, want.get("dtype").asText());
            Fixtures.assertValues(name, f.tensor(name), want, dtype);
            codes.add(want.get("dtype").asText());
        }
        assertTrue(codes.containsAll(List.of("F64", "F32", "F16", "BF16", "F8_E4M3", "F8_E5M2", "I64", "I32",
                "I16", "I8", "U64", "U32", "U16", "U8", "BOOL")), "every dtype present: " + codes);
        assertEquals(Map.of("format", "pt", "made_by", "make_npy_fixtures.py"), f.metadata());
    }

    @Test
    void writerRoundTripKeepsHeaderMetadataAndBytes(@TempDir Path dir) throws IOException {
        SafetensorsFile in = Safetensors.open(ALL);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        in.names().forEach(n -> tensors.put(n, in.tensor(n)));
        Path out = dir.resolve("copy.safetensors");
        Safetensors.write(out, tensors, in.metadata());

        SafetensorsFile back = Safetensors.open(out);
        assertEquals(List.copyOf(in.names()), List.copyOf(back.names()));
        assertEquals(in.metadata(), back.metadata());
        for (String n : in.names()) {
            Safetensors.Entry a = in.entry(n);
            Safetensors.Entry b = back.entry(n);
            assertEquals(a.dtype(), b.dtype(), n);
            assertEquals(a.shape(), b.shape(), n);
            assertEquals(in.tensor(n).toBytes(ByteOrder.LITTLE_ENDIAN), back.tensor(n).toBytes(ByteOrder.LITTLE_ENDIAN));
        }
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(out), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8, "data starts 8-byte aligned");
    }

    @Test
    void writesStridedAndBigEndianTensorsAsCOrderedLittleEndian(@TempDir Path dir) throws IOException {
        Tensor be = Npy.read(Fixtures.NPY.resolve("int32-be-F-v1.npy")).permute(2, 0, 1); // strided + big-endian
        Path out = dir.resolve("t.safetensors");
        Safetensors.write(out, Map.of("x", be), Map.of());
        Tensor back = Safetensors.open(out).tensor("x");
        assertEquals(Shape.ofInts(4, 2, 3), back.shape());
        assertArrayEquals(be.toLongArray(), back.toLongArray());
    }

    @Test
    void refusesATensorNamedLikeTheMetadata(@TempDir Path dir) {
        Path out = dir.resolve("m.safetensors");
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(out,
                Map.of(Safetensors.METADATA, Tensor.ofFloats(Shape.ofInts(1), 1)), Map.of("k", "v")));
        assertFalse(Files.exists(out));
    }

    /** Names, dtypes, shapes and offsets equal an independent parse of the header; every tensor maps. */
    @Test
    void readsTheSharedReferenceWeights() throws IOException {
        Path w = SharedData.smallDump().resolve("weights.safetensors");
        SafetensorsFile f = Safetensors.open(w);
        byte[] raw = Files.readAllBytes(w);
        int len = (int) ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = Fixtures.JSON.readTree(new String(raw, 8, len, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(header.size() - 1, f.names().size());
        assertEquals(591, f.names().size());
        assertEquals("make_reference.py", f.metadata().get("producer"));
        long total = 0;
        for (String n : f.names()) {
            JsonNode e = header.get(n);
            Safetensors.Entry entry = f.entry(n);
            assertEquals(e.get("dtype").asText(), Safetensors.codeOf(entry.dtype()), n);
            assertEquals(Shape.of(Fixtures.JSON.convertValue(e.get("shape"), List.class)), entry.shape(), n);
            assertEquals(e.get("data_offsets").get(0).asLong(), entry.begin(), n);
            Tensor t = f.tensor(n);
            assertEquals(entry.shape(), t.shape());
            total += t.numel() * 4;
        }
        assertEquals(raw.length - 8 - len, total, "tensors cover the data section");
    }

    /** The embedding's traced output rows are rows of the weight matrix: values cross-checked against the dump. */
    @Test
    void sharedWeightsAgreeWithTheTracedEmbeddingAndLinearLayer() {
        Trace trace = TraceReader.read(SharedData.smallDump());
        SafetensorsFile f = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        long[] tokens = trace.tensor(trace.get(new EntryId("flow.input_embedding", 0, EntryKind.IN, null))).toLongArray();
        Tensor out = trace.tensor(trace.get(new EntryId("flow.input_embedding", 0, EntryKind.OUT, null))); // (1, T, 64)
        Tensor table = f.tensor("flow.input_embedding.weight"); // (6561, 64)
        for (int j = 0; j < tokens.length; j++) {
            for (int c = 0; c < 64; c++) {
                assertEquals(table.getDouble(tokens[j] * 64 + c), out.getDouble((long) j * 64 + c), "token " + j);
            }
        }
        double[] x = trace.tensor(trace.get(new EntryId("flow.spk_embed_affine_layer", 0, EntryKind.IN, null)))
                .toDoubleArray(); // (1, 192)
        double[] y = trace.tensor(trace.get(new EntryId("flow.spk_embed_affine_layer", 0, EntryKind.OUT, null)))
                .toDoubleArray(); // (1, 80)
        Tensor wt = f.tensor("flow.spk_embed_affine_layer.weight"); // (80, 192)
        Tensor b = f.tensor("flow.spk_embed_affine_layer.bias"); // (80)
        for (int o = 0; o < 80; o++) {
            double acc = b.getDouble(o);
            for (int i = 0; i < 192; i++) {
                acc += wt.getDouble(o * 192L + i) * x[i];
            }
            assertEquals(y[o], acc, 1e-5 * (1 + Math.abs(y[o])), "output " + o);
        }
    }

    private static List<String> names(JsonNode obj) {
        List<String> r = new ArrayList<>();
        obj.fieldNames().forEachRemaining(r::add);
        return r;
    }
}
