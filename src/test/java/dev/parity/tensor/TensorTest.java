package dev.parity.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.io.Fixtures;
import dev.parity.io.Npy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Tensor} views (permute, Fortran order, byte order) against arrays NumPy wrote. */
class TensorTest {
    private static final JsonNode EXPECTED = Fixtures.npyExpected();
    private static final List<String> DTYPES = List.of("float16", "float32", "float64", "int8", "int16", "int32",
            "int64", "uint8", "uint16", "uint32", "uint64", "bool");

    static Stream<String> dtypes() {
        return DTYPES.stream();
    }

    private static Tensor fixture(String dtype, String byteOrder, String memoryOrder) {
        String bo = DType.fromNumpyName(dtype).size() == 1 ? "ne" : byteOrder;
        return Npy.read(Fixtures.NPY.resolve(dtype + "-" + bo + "-" + memoryOrder + "-v1.npy"));
    }

    /** Fortran-ordered and big-endian files index like the C-ordered little-endian one, element by element. */
    @ParameterizedTest
    @MethodSource("dtypes")
    void fortranOrderAndBigEndianIndexLikeCOrder(String dtype) {
        Tensor c = fixture(dtype, "le", "C");
        for (Tensor other : List.of(fixture(dtype, "le", "F"), fixture(dtype, "be", "F"), fixture(dtype, "be", "C"))) {
            for (long i = 0; i < c.numel(); i++) {
                assertEquals(c.getLong(i), other.getLong(i), other + " [" + i + "]");
                assertEquals(Double.doubleToLongBits(c.getDouble(i)), Double.doubleToLongBits(other.getDouble(i)));
            }
            assertArrayEquals(c.toDoubleArray(), other.toDoubleArray());
            assertEquals(c.toBytes(ByteOrder.LITTLE_ENDIAN), other.toBytes(ByteOrder.LITTLE_ENDIAN));
            assertEquals(c.toBytes(ByteOrder.BIG_ENDIAN), other.toBytes(ByteOrder.BIG_ENDIAN));
        }
    }

    /** toBytes in either order, wrapped again, gives the same values; bytes swap as a NumPy byteswap would. */
    @ParameterizedTest
    @MethodSource("dtypes")
    void toBytesRoundTrips(String dtype) {
        Tensor t = fixture(dtype, "be", "F");
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            ByteBuffer bytes = t.toBytes(order);
            assertEquals(t.numel() * t.dtype().size(), bytes.remaining());
            Tensor back = Tensor.wrap(t.dtype(), t.shape(), bytes, order, false);
            assertArrayEquals(t.toLongArray(), back.toLongArray());
            assertArrayEquals(t.toDoubleArray(), back.toDoubleArray());
            assertEquals(bytes, back.toBytes(order));
        }
        Tensor le = fixture(dtype, "le", "C");
        ByteBuffer a = le.toBytes(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = le.toBytes(ByteOrder.BIG_ENDIAN);
        int size = le.dtype().size();
        for (int i = 0; i < a.remaining(); i++) {
            int element = i / size;
            int k = i % size;
            assertEquals(a.get(i), b.get(element * size + size - 1 - k), "byte " + i);
        }
    }

    /** NumPy's arange(24).reshape(2,3,4).transpose(2,0,1), saved big-endian; Java's permute view must agree. */
    @Test
    void permuteMatchesNumpyTranspose() {
        float[] v = new float[24];
        for (int i = 0; i < 24; i++) {
            v[i] = i;
        }
        Tensor t = Tensor.ofFloats(Shape.ofInts(2, 3, 4), v).permute(2, 0, 1);
        assertEquals(Shape.ofInts(4, 2, 3), t.shape());
        assertFalse(t.isContiguous());
        Tensor numpy = Npy.read(Fixtures.NPY.resolve("special-be-transposed-f4.npy"));
        assertEquals(numpy.shape(), t.shape());
        assertArrayEquals(numpy.toDoubleArray(), t.toDoubleArray());
        assertArrayEquals(numpy.toFloatArray(), t.toFloatArray());
        Tensor back = t.permute(1, 2, 0);
        assertTrue(back.isContiguous());
        assertArrayEquals(v, back.toFloatArray());
    }

    /** A permuted Fortran-ordered file: strides compose (F order is itself a reversed permutation of C order). */
    @Test
    void permuteOfAFortranOrderedFile() {
        Tensor f = fixture("float64", "be", "F");   // (2, 3, 4)
        Tensor c = fixture("float64", "le", "C");
        Tensor pf = f.permute(2, 1, 0);             // (4, 3, 2): now contiguous in storage
        Tensor pc = c.permute(2, 1, 0);
        assertTrue(pf.isContiguous());
        assertFalse(pc.isContiguous());
        assertArrayEquals(pc.toDoubleArray(), pf.toDoubleArray());
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(Double.doubleToLongBits(c.getDouble(k * 12 + j * 4 + i)),
                            Double.doubleToLongBits(pf.getDouble(i * 6 + j * 2 + k)));
                }
            }
        }
    }

    @Test
    void copyToInChunksEqualsToDoubleArray() {
        Tensor strided = fixture("float32", "le", "F");
        Tensor contiguous = fixture("float32", "le", "C");
        for (Tensor t : List.of(strided, contiguous, fixture("int16", "be", "C"))) {
            double[] all = t.toDoubleArray();
            double[] chunked = new double[all.length];
            for (int start = 0; start < all.length; start += 5) {
                t.copyTo(start, chunked, start, Math.min(5, all.length - start));
            }
            assertArrayEquals(all, chunked, t.toString());
        }
    }

    @Test
    void reshapeAndRefusals() {
        Tensor t = Tensor.ofDoubles(Shape.ofInts(2, 3), 0, 1, 2, 3, 4, 5);
        assertArrayEquals(t.toDoubleArray(), t.reshape(Shape.ofInts(3, 2)).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> t.reshape(Shape.ofInts(4)));
        assertThrows(IllegalArgumentException.class, () -> t.permute(1, 0).reshape(Shape.ofInts(6)));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0));
        assertThrows(IllegalArgumentException.class, () -> t.permute(0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.wrap(DType.FLOAT32, Shape.ofInts(3), ByteBuffer.allocate(11), ByteOrder.LITTLE_ENDIAN, false));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofFloats(Shape.ofInts(2), 1));
        Tensor empty = Tensor.ofFloats(Shape.ofInts(2, 0, 3));
        assertEquals(0, empty.permute(2, 1, 0).toDoubleArray().length);
        assertEquals(0, empty.toBytes(ByteOrder.BIG_ENDIAN).remaining());
        Tensor scalar = Tensor.ofLongs(new Shape(), -5);
        assertEquals(-5, scalar.getLong(0));
        assertEquals(1, scalar.numel());
    }

    @Test
    void shapeAndDtype() {
        assertThrows(IllegalArgumentException.class, () -> new Shape(2, -1));
        assertThrows(ArithmeticException.class, () -> new Shape(1L << 40, 1L << 40).numel());
        assertEquals(Shape.ofInts(3, 2), Shape.ofInts(2, 1, 3).squeeze().permute(1, 0));
        assertEquals("[2, 0, 3]", new Shape(2, 0, 3).toString());
        assertEquals(DType.FLOAT32, DType.fromNumpyName("single"));
        assertEquals(DType.BOOL, DType.fromNumpyName("bool_"));
        assertEquals(DType.BFLOAT16, DType.fromNumpyName("BFloat16"));
        assertThrows(IllegalArgumentException.class, () -> DType.fromNumpyName("float128"));
        for (DType d : DType.values()) {
            assertEquals(d, DType.fromNumpyName(d.numpyName()));
        }
    }

    /** uint64 beyond Long.MAX_VALUE widens to the right double; getLong keeps the bits. */
    @Test
    void unsignedExtremes() {
        Tensor u = fixture("uint64", "le", "C");
        JsonNode want = EXPECTED.get("uint64-le-C-v1.npy").get("values");
        for (int i = 0; i < u.numel(); i++) {
            String v = want.get(i).asText();
            assertEquals(Long.parseUnsignedLong(v), u.getLong(i));
            assertEquals(new java.math.BigDecimal(v).doubleValue(), u.getDouble(i), v);
        }
        // 2^63 + 2^10 + 1 must round up to 2^63 + 2^11: halving first, then rounding twice, gives 2^63
        long[] hard = {0x8000000000000401L, 0x8000000000000801L, 0x8000000000000800L, 0xFFFFFFFFFFFFFBFFL, 0xFFFFFFFFFFFFFFFFL, Long.MIN_VALUE};
        Tensor t = Tensor.wrap(DType.UINT64, Shape.ofInts(hard.length), longBytes(hard), ByteOrder.LITTLE_ENDIAN, false);
        for (int i = 0; i < hard.length; i++) {
            assertEquals(new java.math.BigDecimal(Long.toUnsignedString(hard[i])).doubleValue(), t.getDouble(i),
                    Long.toUnsignedString(hard[i]));
        }
    }

    private static ByteBuffer longBytes(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        return b;
    }
}
