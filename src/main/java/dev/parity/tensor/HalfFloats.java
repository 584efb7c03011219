package dev.parity.tensor;

/** Exact conversions between IEEE half, bfloat16, float8 (e4m3fn, e5m2) and float (Java 17 has no {@code Float.float16ToFloat}). */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** IEEE 754 binary16 bits to float, exact (subnormals, infinities and NaN included). */
    public static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Float to IEEE binary16 bits, rounding to nearest even. */
    public static short floatToHalf(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int exp = (x >>> 23) & 0xFF;
        int mant = x & 0x7FFFFF;
        if (exp == 0xFF) { // infinity, or NaN keeping the top payload bits (never turning into infinity), as NumPy does
            int payload = mant >>> 13;
            return (short) (sign | 0x7C00 | (mant != 0 && payload == 0 ? 1 : payload));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1FFF;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }

    /** bfloat16 bits to float, exact. */
    public static float bfloat16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** Float to bfloat16 bits, rounding to nearest even (NaN kept NaN). */
    public static short floatToBfloat16(float f) {
        int x = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((x >>> 16) | 0x40);
        }
        int lsb = (x >>> 16) & 1;
        return (short) ((x + 0x7FFF + lsb) >>> 16);
    }

    /** float8 e5m2 bits to float, exact: the top byte of an IEEE half (infinities and NaN included). */
    public static float e5m2ToFloat(byte bits) {
        return halfToFloat((short) ((bits & 0xFF) << 8));
    }

    /** float8 e4m3fn bits to float, exact: bias 7, no infinities, S.1111.111 is NaN. */
    public static float e4m3fnToFloat(byte bits) {
        int b = bits & 0xFF;
        int exp = (b >>> 3) & 0xF;
        int mant = b & 0x7;
        float sign = (b & 0x80) != 0 ? -1f : 1f;
        if (exp == 0xF && mant == 0x7) {
            return Float.NaN;
        }
        if (exp == 0) {
            return sign * mant * 0x1p-9f;
        }
        return sign * (1f + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
    }

    /**
     * Float to float8 e4m3fn bits, rounding to nearest even. The format has no infinity: a value that rounds
     * past ±448, an infinity or a NaN becomes NaN ({@code S.1111.111}), as ml_dtypes converts.
     */
    public static byte floatToE4m3fn(float f) {
        return toMinifloat(f, 7, 3, 448, 0x7F, 0x7F);
    }

    /** Float to float8 e5m2 bits, rounding to nearest even; past ±57344 it becomes an infinity, as IEEE does. */
    public static byte floatToE5m2(float f) {
        return toMinifloat(f, 15, 2, 57344, 0x7C, 0x7E);
    }

    /**
     * Rounds {@code f} to a sign-exponent-mantissa byte: the value is divided by the spacing of representable
     * values at its magnitude (exact, a power of two) and rounded to an integer with {@link Math#rint}, which
     * rounds ties to even.
     */
    private static byte toMinifloat(float f, int bias, int mantBits, double maxFinite, int overflow, int nan) {
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x80 : 0;
        if (Float.isNaN(f)) {
            return (byte) (sign | nan);
        }
        double a = Math.abs((double) f);
        int emin = 1 - bias;
        double spacing = Math.scalb(1.0, Math.max(Math.getExponent(a), emin) - mantBits);
        double v = Math.rint(a / spacing) * spacing;
        if (v > maxFinite) {
            return (byte) (sign | overflow);
        }
        if (v < Math.scalb(1.0, emin)) { // subnormal or zero
            return (byte) (sign | (int) (v / Math.scalb(1.0, emin - mantBits)));
        }
        int e = Math.getExponent(v);
        int mant = (int) (v / Math.scalb(1.0, e - mantBits)) - (1 << mantBits);
        return (byte) (sign | ((e + bias) << mantBits) | mant);
    }
}
