package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The NumPy-written fixtures under {@code src/test/resources/fixtures} (made by
 * {@code fixtures/npy/make_npy_fixtures.py}) and exact comparison against the values NumPy recorded for them.
 */
public final class Fixtures {
    public static final Path NPY = Path.of("src/test/resources/fixtures/npy");
    public static final Path SAFETENSORS = Path.of("src/test/resources/fixtures/safetensors");
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** {@code npy/expected.json}: file name to {dtype, shape, values}. */
    public static JsonNode npyExpected() {
        return readJson(NPY.resolve("expected.json"));
    }

    public static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NumPy's text for one value ({@code nan}, {@code -0.0}, {@code 1e-45}, an integer) as a double. */
    public static double parseFloat(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /**
     * Asserts {@code t} holds exactly the values NumPy listed (C order): floats bit for bit (-0.0 is not 0.0;
     * any NaN matches NaN), integers exactly as longs (uint64 as unsigned).
     */
    public static void assertValues(String what, Tensor t, JsonNode want, DType dtype) {
        assertEquals(dtype, t.dtype(), what + " dtype");
        assertEquals(Shape.of(Fixtures.JSON.convertValue(want.get("shape"), java.util.List.class)), t.shape(),
                what + " shape");
        JsonNode values = want.get("values");
        assertEquals(values.size(), t.numel(), what + " element count");
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i).asText();
            if (dtype.isFloating()) {
                double expect = parseFloat(v);
                double got = t.getDouble(i);
                if (Double.isNaN(expect)) {
                    assertTrue(Double.isNaN(got), what + "[" + i + "] should be NaN, is " + got);
                } else {
                    assertEquals(Double.doubleToRawLongBits(expect), Double.doubleToRawLongBits(got),
                            what + "[" + i + "]: expected " + v + ", found " + got);
                }
            } else {
                long expect = dtype == DType.UINT64 ? Long.parseUnsignedLong(v) : Long.parseLong(v);
                assertEquals(expect, t.getLong(i), what + "[" + i + "]");
            }
        }
    }
}
