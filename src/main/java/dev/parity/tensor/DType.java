package dev.parity.tensor;

import java.util.Locale;

/** Element types with their NumPy names and byte sizes. */
public enum DType {
    FLOAT16("float16", 2, true),
    BFLOAT16("bfloat16", 2, true),
    FLOAT32("float32", 4, true),
    FLOAT64("float64", 8, true),
    INT8("int8", 1, false),
    INT16("int16", 2, false),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    UINT8("uint8", 1, false),
    UINT16("uint16", 2, false),
    UINT32("uint32", 4, false),
    UINT64("uint64", 8, false),
    BOOL("bool", 1, false),
    /** 8-bit float, 4 exponent bits, 3 mantissa bits, no infinities (safetensors {@code F8_E4M3}). */
    FLOAT8_E4M3FN("float8_e4m3fn", 1, true),
    /** 8-bit float, 5 exponent bits, 2 mantissa bits (safetensors {@code F8_E5M2}). */
    FLOAT8_E5M2("float8_e5m2", 1, true),
    /** A pair of float32 (real, imaginary), as NumPy and PyTorch store it. */
    COMPLEX64("complex64", 8, true),
    /** A pair of float64 (real, imaginary). */
    COMPLEX128("complex128", 16, true);

    private final String numpyName;
    private final int size;
    private final boolean floating;

    DType(String numpyName, int size, boolean floating) {
        this.numpyName = numpyName;
        this.size = size;
        this.floating = floating;
    }

    /** NumPy-style name, e.g. {@code float32}. */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public boolean isFloating() {
        return floating;
    }

    /** True for {@link #COMPLEX64} and {@link #COMPLEX128}. */
    public boolean isComplex() {
        return this == COMPLEX64 || this == COMPLEX128;
    }

    /** The type of one component: float32 for complex64, float64 for complex128, the type itself otherwise. */
    public DType component() {
        return switch (this) {
            case COMPLEX64 -> FLOAT32;
            case COMPLEX128 -> FLOAT64;
            default -> this;
        };
    }

    /** The complex type whose components are this float type (complex64 for float32 and narrower). */
    public DType complexOf() {
        return this == FLOAT64 || this == COMPLEX128 ? COMPLEX128 : COMPLEX64;
    }

    /** True for the 16-bit float types whose rounding error calls for looser tolerances. */
    public boolean isHalfPrecision() {
        return this == FLOAT16 || this == BFLOAT16 || this == FLOAT8_E4M3FN || this == FLOAT8_E5M2;
    }

    /**
     * Looks a dtype up by NumPy-style name ({@code float32}, {@code int64}, {@code bool}, {@code bfloat16}).
     *
     * @throws IllegalArgumentException naming the unknown dtype
     */
    public static DType fromNumpyName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DType t : values()) {
            if (t.numpyName.equals(n)) {
                return t;
            }
        }
        return switch (n) {
            case "half" -> FLOAT16;
            case "float", "single" -> FLOAT32;
            case "double" -> FLOAT64;
            case "bool_" -> BOOL;
            case "cfloat", "complex" -> COMPLEX64;
            case "cdouble" -> COMPLEX128;
            default -> throw new IllegalArgumentException("unknown dtype '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
