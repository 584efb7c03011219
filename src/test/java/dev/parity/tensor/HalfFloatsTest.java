package dev.parity.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.Fixtures;
import dev.parity.io.Npy;
import org.junit.jupiter.api.Test;

/**
 * {@link HalfFloats} against tables NumPy and ml_dtypes computed (fixtures/npy, made by make_npy_fixtures.py):
 * every float16 and float8 bit pattern, and float32 → float16 / bfloat16 rounding of 9,500 inputs.
 */
class HalfFloatsTest {

    @Test
    void everyHalfBitPatternWidensAsNumpyDoes() {
        // float32 value of bits 0..65535; read as float bits (a detour through double would quiet signalling NaNs)
        float[] numpy = Npy.read(Fixtures.NPY.resolve("f16-all.npy")).toFloatArray();
        assertEquals(65536, numpy.length);
        for (int bits = 0; bits < 65536; bits++) {
            float want = numpy[bits];
            float got = HalfFloats.halfToFloat((short) bits);
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), "half bits " + bits);
        }
    }

    @Test
    void floatToHalfRoundsAsNumpyDoes() {
        float[] in = Npy.read(Fixtures.NPY.resolve("round-in.npy")).toFloatArray();
        long[] want = Npy.read(Fixtures.NPY.resolve("f16-round-out.npy")).toLongArray();
        assertTrue(in.length > 9000);
        for (int i = 0; i < in.length; i++) {
            int got = HalfFloats.floatToHalf(in[i]) & 0xFFFF;
            assertEquals(want[i], got, "float16 of " + in[i] + " (bits " + Integer.toHexString(Float.floatToRawIntBits(in[i])) + ")");
        }
    }

    @Test
    void floatToBfloat16RoundsAsMlDtypesDoes() {
        float[] in = Npy.read(Fixtures.NPY.resolve("round-in.npy")).toFloatArray();
        long[] want = Npy.read(Fixtures.NPY.resolve("bf16-round-out.npy")).toLongArray();
        int nan = 0;
        for (int i = 0; i < in.length; i++) {
            short got = HalfFloats.floatToBfloat16(in[i]);
            if (Float.isNaN(in[i])) { // payloads differ between libraries; NaN must stay NaN
                assertTrue(Float.isNaN(HalfFloats.bfloat16ToFloat(got)));
                nan++;
            } else {
                assertEquals(want[i], got & 0xFFFF, "bfloat16 of " + in[i]);
            }
        }
        assertTrue(nan > 0, "NaN inputs are covered");
    }

    @Test
    void bfloat16WidensExactly() {
        for (int bits = 0; bits < 65536; bits++) {
            float f = HalfFloats.bfloat16ToFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals(bits, HalfFloats.floatToBfloat16(f) & 0xFFFF, "round trip of bfloat16 bits " + bits);
            }
        }
    }

    @Test
    void everyFloat8BitPatternWidensAsMlDtypesDoes() {
        float[] e4m3 = Npy.read(Fixtures.NPY.resolve("f8e4m3fn-all.npy")).toFloatArray();
        float[] e5m2 = Npy.read(Fixtures.NPY.resolve("f8e5m2-all.npy")).toFloatArray();
        for (int bits = 0; bits < 256; bits++) {
            assertSame(e4m3[bits], HalfFloats.e4m3fnToFloat((byte) bits), "e4m3fn bits " + bits);
            assertSame(e5m2[bits], HalfFloats.e5m2ToFloat((byte) bits), "e5m2 bits " + bits);
        }
    }

    @Test
    void floatToFloat8RoundsAsMlDtypesDoes() {
        float[] in = Npy.read(Fixtures.NPY.resolve("f8-round-in.npy")).toFloatArray();
        long[] e4m3 = Npy.read(Fixtures.NPY.resolve("f8e4m3fn-round-out.npy")).toLongArray();
        long[] e5m2 = Npy.read(Fixtures.NPY.resolve("f8e5m2-round-out.npy")).toLongArray();
        assertTrue(in.length > 3000);
        for (int i = 0; i < in.length; i++) {
            byte a = HalfFloats.floatToE4m3fn(in[i]);
            byte b = HalfFloats.floatToE5m2(in[i]);
            if (Float.isNaN(in[i])) {
                assertTrue(Float.isNaN(HalfFloats.e4m3fnToFloat(a)) && Float.isNaN(HalfFloats.e5m2ToFloat(b)));
                continue;
            }
            assertEquals(e4m3[i], a & 0xFF, "e4m3fn of " + in[i]);
            assertEquals(e5m2[i], b & 0xFF, "e5m2 of " + in[i]);
        }
    }

    @Test
    void float8RoundTripsEveryPattern() {
        for (int bits = 0; bits < 256; bits++) {
            float a = HalfFloats.e4m3fnToFloat((byte) bits);
            float b = HalfFloats.e5m2ToFloat((byte) bits);
            if (!Float.isNaN(a)) {
                assertEquals(bits, HalfFloats.floatToE4m3fn(a) & 0xFF, "e4m3fn " + bits);
            }
            if (!Float.isNaN(b)) {
                assertEquals(bits, HalfFloats.floatToE5m2(b) & 0xFF, "e5m2 " + bits);
            }
        }
    }

    /** Equal values, -0.0 told from 0.0, any NaN equal to any NaN. */
    private static void assertSame(float want, float got, String what) {
        if (Float.isNaN(want)) {
            assertTrue(Float.isNaN(got), what + ": expected NaN, found " + got);
        } else {
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + ": expected " + want + ", found " + got);
        }
    }
}
