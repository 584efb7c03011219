package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Npy} and {@link Npz} against files NumPy wrote (fixtures/npy, made by make_npy_fixtures.py). */
class NpyTest {
    private static final JsonNode EXPECTED = Fixtures.npyExpected();
    private static final List<String> DTYPES = List.of("float16", "float32", "float64", "int8", "int16", "int32",
            "int64", "uint8", "uint16", "uint32", "uint64", "bool");

    static Stream<String> npyFiles() {
        List<String> names = new ArrayList<>();
        EXPECTED.fieldNames().forEachRemaining(n -> {
            if (n.endsWith(".npy")) {
                names.add(n);
            }
        });
        return names.stream();
    }

    /** dtype × byte order × memory order × format version, as the script names them. */
    static Stream<String> matrixFiles() {
        return npyFiles().filter(n -> n.matches("[a-z0-9]+-(le|be|ne)-[CF]-v[123]\\.npy"));
    }

    @ParameterizedTest
    @MethodSource("npyFiles")
    void readsExactlyWhatNumpyWrote(String name) {
        JsonNode want = EXPECTED.get(name);
        Tensor t = Npy.read(Fixtures.NPY.resolve(name));
        Fixtures.assertValues(name, t, want, DType.fromNumpyName(want.get("dtype").asText()));
    }

    @ParameterizedTest
    @MethodSource("matrixFiles")
    void keepsByteOrderMemoryOrderAndVersionAsStored(String name) throws IOException {
        String[] p = name.replace(".npy", "").split("-");
        Tensor t = Npy.read(Fixtures.NPY.resolve(name));
        byte[] head = Files.readAllBytes(Fixtures.NPY.resolve(name));
        assertEquals(Integer.parseInt(p[3].substring(1)), head[6], "format version byte");
        assertEquals(p[1].equals("be") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, t.byteOrder());
        assertEquals(p[2].equals("C"), t.isContiguous(), "Fortran-ordered (2,3,4) is a strided view");
        assertFalse(t.isDirect(), "a file this small is read onto the heap, not mapped");
    }

    @Test
    void fixtureMatrixCoversEveryDtypeByteOrderMemoryOrderAndVersion() {
        for (String d : DTYPES) {
            boolean oneByte = DType.fromNumpyName(d).size() == 1;
            for (String bo : oneByte ? List.of("ne") : List.of("le", "be")) {
                for (String mem : List.of("C", "F")) {
                    for (int v = 1; v <= 3; v++) {
                        String n = d + "-" + bo + "-" + mem + "-v" + v + ".npy";
                        assertTrue(EXPECTED.has(n) && Files.isRegularFile(Fixtures.NPY.resolve(n)), n);
                    }
                }
            }
        }
        assertEquals(9 * 2 * 2 * 3 + 3 * 2 * 3, matrixFiles().count());
    }

    /** np.save pads the header to 64 bytes (a full 64 when it is already aligned): Java writes the same bytes. */
    @ParameterizedTest
    @MethodSource("savedFiles")
    void writerProducesNumpysBytes(String name) throws IOException {
        byte[] numpy = Files.readAllBytes(Fixtures.NPY.resolve(name));
        ByteArrayOutputStream java = new ByteArrayOutputStream();
        Npy.write(java, Npy.read(Fixtures.NPY.resolve(name)));
        assertArrayEquals(numpy, java.toByteArray(), name);
    }

    static Stream<String> savedFiles() {
        return npyFiles().filter(n -> n.startsWith("saved-"));
    }

    @Test
    void savedFixturesIncludeAHeaderThatNeedsAFull64BytesOfPadding() throws IOException {
        byte[] b = Files.readAllBytes(Fixtures.NPY.resolve("saved-float32-2x1x1x1x1x1x1x1x1x1x1x1x1x100.npy"));
        int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        String text = new String(b, 10, headerLen, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.endsWith(" ".repeat(64) + "\n"), "64 spaces then a newline");
    }

    /**
     * A file of at most {@link Npy#READ_WHOLE_BYTES} is read onto the heap, a larger one mapped: both give the bytes
     * NumPy wrote. The large file repeats a float32 tensor of the bundled dump until it passes the limit.
     */
    @Test
    void readsSmallFilesOntoTheHeapAndMapsLargeOnes(@TempDir Path dir) throws IOException {
        Trace dump = TraceReader.read(dev.parity.SharedData.smallDump());
        int checked = 0;
        for (TraceEntry e : dump.entries()) {
            Path f = dump.fileOf(e);
            if (Files.size(f) > Npy.READ_WHOLE_BYTES) {
                continue;
            }
            Tensor read = Npy.read(f);
            assertFalse(read.isDirect(), f.toString());
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
                Tensor mapped = Npy.parse(f, ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, ch.size()));
                assertEquals(mapped.toBytes(ByteOrder.LITTLE_ENDIAN), read.toBytes(ByteOrder.LITTLE_ENDIAN),
                        f.toString());
            }
            checked++;
        }
        assertEquals(dump.entries().size(), checked, "every tensor of the small dump is below the limit");

        TraceEntry first = dump.entries().stream().filter(e -> dump.tensor(e).dtype() == DType.FLOAT32).findFirst()
                .orElseThrow();
        float[] one = dump.tensor(first).toFloatArray();
        int copies = Npy.READ_WHOLE_BYTES / (4 * one.length) + 1;
        float[] many = new float[copies * one.length];
        for (int k = 0; k < copies; k++) {
            System.arraycopy(one, 0, many, k * one.length, one.length);
        }
        Path big = dir.resolve("big.npy");
        Npy.write(big, Tensor.ofFloats(new Shape(copies, one.length), many));
        assertTrue(Files.size(big) > Npy.READ_WHOLE_BYTES);
        Tensor back = Npy.read(big);
        assertTrue(back.isDirect(), "a file above the limit is mapped");
        assertArrayEquals(many, back.toFloatArray());
    }

    /** Big-endian, Fortran-ordered, every version: Java writes C-ordered little-endian, reads back the same values. */
    @ParameterizedTest
    @MethodSource("matrixFiles")
    void writeThenReadGivesTheSameValues(String name, @TempDir Path dir) throws IOException {
        Tensor in = Npy.read(Fixtures.NPY.resolve(name));
        Path out = dir.resolve("copy.npy");
        Npy.write(out, in);
        Tensor back = Npy.read(out);
        assertTrue(back.isContiguous());
        assertEquals(ByteOrder.LITTLE_ENDIAN, back.byteOrder());
        JsonNode want = EXPECTED.get(name);
        Fixtures.assertValues(name + " rewritten", back, want, in.dtype());
        assertEquals(in.toBytes(ByteOrder.LITTLE_ENDIAN), back.toBytes(ByteOrder.LITTLE_ENDIAN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arrays.npz", "arrays-compressed.npz"})
    void readsNpzStoredAndCompressed(String name) {
        Map<String, Tensor> arrays = Npz.read(Fixtures.NPY.resolve(name));
        assertEquals(List.of("a", "b", "c"), List.copyOf(arrays.keySet()));
        arrays.forEach((k, t) -> {
            JsonNode want = EXPECTED.get("npz:" + k);
            Fixtures.assertValues(name + ":" + k, t, want, DType.fromNumpyName(want.get("dtype").asText()));
        });
    }

    @ParameterizedTest
    @CsvSource({
        "refused-object.npy, object arrays (pickles) are refused",
        "refused-structured.npy, structured dtypes are not supported",
        "refused-unicode.npy, unknown or unsupported dtype '<U2'",
        "refused-clongdouble.npy, unknown or unsupported dtype '<c32'",
    })
    void refusesWhatIsNotANumericArray(String name, String problem) {
        Path f = Fixtures.NPY.resolve(name);
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
    }

    /** A header over 65535 bytes (NumPy allows 32 dimensions; Java shapes more) needs format 2.0. */
    @Test
    void writesVersion2WhenTheHeaderNeedsIt(@TempDir Path dir) throws IOException {
        long[] dims = new long[30_000];
        java.util.Arrays.fill(dims, 1);
        dims[0] = 2;
        Npy.write(dir.resolve("v2.npy"), Tensor.ofDoubles(new Shape(dims), 1.5, -2.5));
        byte[] b = Files.readAllBytes(dir.resolve("v2.npy"));
        assertEquals(2, b[6]);
        int headerLen = ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + headerLen) % 64, "data 64-byte aligned");
        Tensor back = Npy.read(dir.resolve("v2.npy"));
        assertEquals(new Shape(dims), back.shape());
        assertArrayEquals(new double[] {1.5, -2.5}, back.toDoubleArray());
    }

    @Test
    void refusesToWriteDtypesNpyCannotHold() {
        Tensor bf16 = Tensor.wrap(DType.BFLOAT16, new Shape(2), ByteBuffer.allocate(4), ByteOrder.LITTLE_ENDIAN,
                false);
        assertThrows(IllegalArgumentException.class, () -> Npy.write(new ByteArrayOutputStream(), bf16));
    }

    @Test
    void writesAPermutedViewInLogicalOrder(@TempDir Path dir) throws IOException {
        Tensor t = Tensor.ofFloats(Shape.ofInts(2, 3), 0, 1, 2, 3, 4, 5).permute(1, 0);
        Npy.write(dir.resolve("t.npy"), t);
        Tensor back = Npy.read(dir.resolve("t.npy"));
        assertEquals(Shape.ofInts(3, 2), back.shape());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, back.toFloatArray());
        assertFalse(Files.exists(dir.resolve(".t.npy.tmp")));
    }
}
