package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.SharedData;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Complex64/complex128 {@code .npy} files NumPy wrote (fixtures/npy/make_complex_fixtures.py) and trace entries. */
class ComplexNpyTest {
    private static final JsonNode EXPECTED = Fixtures.readJson(Fixtures.NPY.resolve("complex-expected.json"));

    static Stream<String> files() {
        List<String> names = new ArrayList<>();
        EXPECTED.fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static Stream<String> savedFiles() {
        return files().filter(n -> n.startsWith("saved-"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void readsExactlyWhatNumpyWrote(String name) {
        Tensor t = Npy.read(Fixtures.NPY.resolve(name));
        assertComplexValues(name, t, EXPECTED.get(name));
        if (name.contains("-be-")) {
            assertEquals(ByteOrder.BIG_ENDIAN, t.byteOrder());
        }
        assertEquals(!name.contains("-F-"), t.isContiguous(), name + ": Fortran order is a strided view");
    }

    @Test
    void theMatrixCoversBothDtypesByteOrdersAndMemoryOrders() {
        for (String d : List.of("complex64", "complex128")) {
            for (String bo : List.of("le", "be")) {
                for (String mem : List.of("C", "F")) {
                    for (String v : List.of("v1", "v3")) {
                        assertTrue(EXPECTED.has(d + "-" + bo + "-" + mem + "-" + v + ".npy"));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("savedFiles")
    void writerProducesNumpysBytes(String name) throws IOException {
        byte[] numpy = Files.readAllBytes(Fixtures.NPY.resolve(name));
        ByteArrayOutputStream java = new ByteArrayOutputStream();
        Npy.write(java, Npy.read(Fixtures.NPY.resolve(name)));
        assertArrayEquals(numpy, java.toByteArray(), name);
    }

    /** Big-endian and Fortran order are rewritten little-endian, C order, with each part byte-swapped on its own. */
    @ParameterizedTest
    @MethodSource("files")
    void writeThenReadGivesTheSameValues(String name, @TempDir Path dir) throws IOException {
        Npy.write(dir.resolve("copy.npy"), Npy.read(Fixtures.NPY.resolve(name)));
        Tensor back = Npy.read(dir.resolve("copy.npy"));
        assertEquals(ByteOrder.LITTLE_ENDIAN, back.byteOrder());
        assertComplexValues(name + " rewritten", back, EXPECTED.get(name));
    }

    @Test
    void realViewHoldsThePartsAndViewsBackWithoutLoss() {
        String name = "complex128-be-F-v1.npy";
        Tensor t = Npy.read(Fixtures.NPY.resolve(name));
        Tensor real = t.asReal();
        assertEquals(DType.FLOAT64, real.dtype());
        assertEquals(new Shape(2, 3, 4, 2), real.shape());
        for (int i = 0; i < t.numel(); i++) {
            assertEquals(Double.doubleToRawLongBits(t.real(i)), Double.doubleToRawLongBits(real.getDouble(2L * i)));
            assertEquals(Double.doubleToRawLongBits(t.imag(i)),
                    Double.doubleToRawLongBits(real.getDouble(2L * i + 1)));
        }
        assertComplexValues(name + " viewed back", real.asComplex(), EXPECTED.get(name));
        assertThrows(IllegalArgumentException.class, () -> real.permute(3, 0, 1, 2).asComplex(), "last axis 4");
    }

    @Test
    void partsThatAreNotAdjacentAreCopiedIntoPairs() {
        Tensor rows = Tensor.ofDoubles(new Shape(2, 3), 1, 2, 3, -1, -2, -3); // row 0 real, row 1 imaginary
        Tensor c = rows.permute(1, 0).asComplex();
        assertEquals(new Shape(3), c.shape());
        assertEquals(DType.COMPLEX128, c.dtype());
        assertArrayEquals(new double[] {3, -3}, new double[] {c.real(2), c.imag(2)});
    }

    @Test
    void aComplexTensorHasNoSingleRealValue() {
        Tensor t = Npy.read(Fixtures.NPY.resolve("complex64-le-C-v1.npy"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.getDouble(0));
        assertTrue(e.getMessage().contains("complex64"), e.getMessage());
        assertThrows(IllegalStateException.class, t::toFloatArray);
    }

    @Test
    void refusesComplex256() {
        Path f = Fixtures.NPY.resolve("refused-clongdouble.npy");
        FormatException e = assertThrows(FormatException.class, () -> Npy.read(f));
        assertTrue(e.problem().contains("'<c32'"), e.getMessage());
    }

    /** The conditioning dump stores its complex64 entries as float32 pairs on a last axis of 2. */
    @Test
    void traceEntriesStoredAsFloatPairsReadAsComplex() {
        Trace trace = TraceReader.read(SharedData.dump("cond-small-seed1"));
        int complex = 0;
        for (TraceEntry e : trace.entries()) {
            if (!e.dtype().isComplex()) {
                continue;
            }
            Tensor t = trace.tensor(e);
            Tensor pairs = Npy.read(trace.fileOf(e));
            assertEquals(DType.COMPLEX64, t.dtype(), e.id().toString());
            assertEquals(e.shape(), t.shape());
            long last = t.numel() - 1;
            assertEquals(pairs.getDouble(2 * last), t.real(last));
            assertEquals(pairs.getDouble(2 * last + 1), t.imag(last));
            complex++;
        }
        assertEquals(9, complex, "8 freqs_cis entries and the librosa.stft output");
    }

    /** safetensors' C64 code: written and read back exactly; complex128 has no code and is refused. */
    @Test
    void safetensorsCarriesComplex64(@TempDir Path dir) throws IOException {
        Tensor t = Npy.read(Fixtures.NPY.resolve("saved-complex64-2x3.npy"));
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("freqs_cis", t);
        Safetensors.write(dir.resolve("c.safetensors"), m, Map.of());
        assertTrue(new String(Files.readAllBytes(dir.resolve("c.safetensors")), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"C64\""));
        SafetensorsFile f = Safetensors.open(dir.resolve("c.safetensors"));
        assertComplexValues("safetensors", f.tensor("freqs_cis"), EXPECTED.get("saved-complex64-2x3.npy"));
        m.put("freqs_cis", Npy.read(Fixtures.NPY.resolve("saved-complex128-7.npy")));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("d.safetensors"), m,
                Map.of()));
    }

    static void assertComplexValues(String what, Tensor t, JsonNode want) {
        assertEquals(DType.fromNumpyName(want.get("dtype").asText()), t.dtype(), what + " dtype");
        assertEquals(Shape.of(Fixtures.JSON.convertValue(want.get("shape"), List.class)), t.shape(), what);
        JsonNode values = want.get("values");
        assertEquals(values.size(), t.numel(), what + " element count");
        for (int i = 0; i < values.size(); i++) {
            assertBits(what + "[" + i + "].real", values.get(i).get(0).asText(), t.real(i));
            assertBits(what + "[" + i + "].imag", values.get(i).get(1).asText(), t.imag(i));
        }
    }

    private static void assertBits(String what, String text, double got) {
        double expect = Fixtures.parseFloat(text);
        if (Double.isNaN(expect)) {
            assertTrue(Double.isNaN(got), what + " should be NaN, is " + got);
        } else {
            assertEquals(Double.doubleToRawLongBits(expect), Double.doubleToRawLongBits(got), what + ": " + text);
        }
    }
}
