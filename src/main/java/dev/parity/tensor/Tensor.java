package dev.parity.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A read-only n-dimensional array over bytes on the heap or memory-mapped from a file.
 *
 * <p>Element {@code i} in the <em>logical</em> (row-major, C) order is found through per-axis strides,
 * so Fortran-ordered files and permuted views need no copy. Values are read as {@code double}; bfloat16 and
 * float16 are widened exactly. A tensor never owns native memory: mapped buffers are released by the GC.
 *
 * <p>A complex tensor ({@link DType#isComplex()}) has one element per complex number, stored as (real, imaginary)
 * like NumPy and PyTorch do. It has no single real value: {@link #getDouble}, {@link #copyTo} and the array
 * conversions refuse it; read it with {@link #real}, {@link #imag}, {@link #copyComplexTo} or as its
 * {@link #asReal()} view, whose last axis of 2 holds the parts.
 */
public final class Tensor {
    private final DType dtype;
    private final Shape shape;
    private final ByteBuffer data;
    private final long[] strides; // in elements, per logical axis
    private final boolean contiguous;

    private Tensor(DType dtype, Shape shape, ByteBuffer data, long[] strides) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.strides = strides;
        this.contiguous = Arrays.equals(strides, rowMajorStrides(shape));
    }

    /**
     * Wraps bytes holding {@code shape.numel()} elements of {@code dtype}.
     *
     * @param order byte order of the stored elements
     * @param fortranOrder true when the first axis varies fastest in storage
     * @throws IllegalArgumentException when the buffer is shorter than the shape needs
     */
    public static Tensor wrap(DType dtype, Shape shape, ByteBuffer bytes, ByteOrder order, boolean fortranOrder) {
        long need = Math.multiplyExact(shape.numel(), (long) dtype.size());
        if (bytes.remaining() < need) {
            throw new IllegalArgumentException("data holds " + bytes.remaining() + " bytes but shape " + shape
                    + " of " + dtype + " needs " + need);
        }
        ByteBuffer b = bytes.slice().order(order);
        b.limit(Math.toIntExact(need));
        long[] strides = fortranOrder ? columnMajorStrides(shape) : rowMajorStrides(shape);
        return new Tensor(dtype, shape, b.asReadOnlyBuffer().order(order), strides);
    }

    public static Tensor ofFloats(Shape shape, float... values) {
        checkCount(shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return wrap(DType.FLOAT32, shape, b, ByteOrder.LITTLE_ENDIAN, false);
    }

    public static Tensor ofDoubles(Shape shape, double... values) {
        checkCount(shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return wrap(DType.FLOAT64, shape, b, ByteOrder.LITTLE_ENDIAN, false);
    }

    /** A complex tensor of {@code dtype} (complex64 or complex128) from its real and imaginary parts. */
    public static Tensor ofComplex(DType dtype, Shape shape, double[] re, double[] im) {
        if (!dtype.isComplex() || re.length != im.length) {
            throw new IllegalArgumentException(dtype + " with " + re.length + " real and " + im.length
                    + " imaginary parts is not a complex tensor");
        }
        checkCount(shape, re.length);
        double[] parts = new double[2 * re.length];
        for (int i = 0; i < re.length; i++) {
            parts[2 * i] = re[i];
            parts[2 * i + 1] = im[i];
        }
        Shape pairs = shape.append(2);
        Tensor real = dtype == DType.COMPLEX128 ? ofDoubles(pairs, parts) : ofFloats(pairs, toFloats(parts));
        return real.asComplex();
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    public static Tensor ofLongs(Shape shape, long... values) {
        checkCount(shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return wrap(DType.INT64, shape, b, ByteOrder.LITTLE_ENDIAN, false);
    }

    private static void checkCount(Shape shape, int n) {
        if (shape.numel() != n) {
            throw new IllegalArgumentException(n + " values do not fill shape " + shape);
        }
    }

    public DType dtype() {
        return dtype;
    }

    public Shape shape() {
        return shape;
    }

    public long numel() {
        return shape.numel();
    }

    /** True when the logical order equals the storage order. */
    public boolean isContiguous() {
        return contiguous;
    }

    /** True when the bytes live outside the Java heap, as they do for memory-mapped files. */
    public boolean isDirect() {
        return data.isDirect();
    }

    /** Byte order of the stored elements. */
    public ByteOrder byteOrder() {
        return data.order();
    }

    /** A view with axes reordered as {@code torch.permute(perm)} does; no data is copied. */
    public Tensor permute(int... perm) {
        if (perm.length != shape.rank()) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " for rank " + shape.rank());
        }
        long[] s = new long[perm.length];
        boolean[] seen = new boolean[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) {
                throw new IllegalArgumentException("not a permutation: " + Arrays.toString(perm));
            }
            seen[perm[i]] = true;
            s[i] = strides[perm[i]];
        }
        return new Tensor(dtype, shape.permute(perm), data, s);
    }

    /**
     * The real view of a complex tensor, as {@code torch.view_as_real}: the component dtype with one more axis of
     * 2 holding (real, imaginary); no data is copied. A real tensor is returned as it is.
     */
    public Tensor asReal() {
        if (!dtype.isComplex()) {
            return this;
        }
        long[] s = Arrays.copyOf(strides, strides.length + 1);
        for (int ax = 0; ax < strides.length; ax++) {
            s[ax] = 2 * strides[ax];
        }
        s[strides.length] = 1;
        return new Tensor(dtype.component(), shape.append(2), data, s);
    }

    /**
     * The complex tensor whose (real, imaginary) pairs are the last axis of this float32 or float64 tensor, as
     * {@code torch.view_as_complex}: complex64 from float32, complex128 from float64. No copy when the pairs are
     * adjacent in storage; otherwise the values are copied into C order first.
     *
     * @throws IllegalArgumentException when the dtype is not float32/float64 or the last axis is not 2
     */
    public Tensor asComplex() {
        int rank = shape.rank();
        if ((dtype != DType.FLOAT32 && dtype != DType.FLOAT64) || rank == 0 || shape.dim(rank - 1) != 2) {
            throw new IllegalArgumentException("cannot view " + dtype + " " + shape
                    + " as complex: needs float32 or float64 with a last axis of 2");
        }
        Shape outer = shape.dropLast();
        long[] s = new long[rank - 1];
        boolean pairsAdjacent = strides[rank - 1] == 1;
        for (int ax = 0; ax < rank - 1; ax++) {
            s[ax] = strides[ax] / 2;
            pairsAdjacent &= strides[ax] % 2 == 0;
        }
        if (!pairsAdjacent) {
            return wrap(dtype.complexOf(), outer, toBytes(data.order()), data.order(), false);
        }
        return new Tensor(dtype.complexOf(), outer, data, s);
    }

    /** Real part of element {@code i} in logical order; the value itself for a real dtype. */
    public double real(long i) {
        if (!dtype.isComplex()) {
            return getDouble(i);
        }
        return component(storageIndex(i), 0);
    }

    /** Imaginary part of element {@code i} in logical order; 0 for a real dtype. */
    public double imag(long i) {
        if (!dtype.isComplex()) {
            return 0;
        }
        return component(storageIndex(i), 1);
    }

    /**
     * Copies {@code len} elements from logical index {@code start} as real and imaginary parts into
     * {@code re[off..]} and {@code im[off..]}; a real dtype gives imaginary parts of 0.
     */
    public void copyComplexTo(long start, double[] re, double[] im, int off, int len) {
        Objects.checkFromIndexSize(off, len, im.length);
        if (!dtype.isComplex()) {
            copyTo(start, re, off, len);
            Arrays.fill(im, off, off + len, 0.0);
            return;
        }
        Objects.checkFromIndexSize(start, len, numel());
        Objects.checkFromIndexSize(off, len, re.length);
        for (int k = 0; k < len; k++) {
            long s = storageIndex(start + k);
            re[off + k] = component(s, 0);
            im[off + k] = component(s, 1);
        }
    }

    private double component(long s, int part) {
        int i = Math.toIntExact(2 * s + part);
        return dtype == DType.COMPLEX64 ? data.getFloat(i * 4) : data.getDouble(i * 8);
    }

    /** A view with a new shape of the same element count; only for contiguous tensors. */
    public Tensor reshape(Shape newShape) {
        if (newShape.numel() != numel() || !contiguous) {
            throw new IllegalArgumentException("cannot view " + shape + " as " + newShape);
        }
        return new Tensor(dtype, newShape, data, rowMajorStrides(newShape));
    }

    /** Element {@code i} in logical (row-major) order, widened to double. */
    public double getDouble(long i) {
        return readStorage(storageIndex(i));
    }

    /** Element {@code i} in logical order as a long (exact for integer dtypes). */
    public long getLong(long i) {
        long s = storageIndex(i);
        return switch (dtype) {
            case INT8 -> data.get(Math.toIntExact(s));
            case INT16 -> data.getShort(Math.toIntExact(s * 2));
            case INT32 -> data.getInt(Math.toIntExact(s * 4));
            case INT64, UINT64 -> data.getLong(Math.toIntExact(s * 8));
            case UINT8, BOOL -> data.get(Math.toIntExact(s)) & 0xFF;
            case UINT16 -> data.getShort(Math.toIntExact(s * 2)) & 0xFFFF;
            case UINT32 -> data.getInt(Math.toIntExact(s * 4)) & 0xFFFFFFFFL;
            default -> (long) readStorage(s);
        };
    }

    /**
     * Copies {@code len} elements starting at logical index {@code start} into {@code dst[off..]} as doubles.
     * This is the bulk path the metrics use; contiguous float32 data is read without per-element dispatch.
     */
    public void copyTo(long start, double[] dst, int off, int len) {
        Objects.checkFromIndexSize(start, len, numel());
        Objects.checkFromIndexSize(off, len, dst.length);
        if (contiguous && dtype == DType.FLOAT32) {
            copyFloats(Math.toIntExact(start * 4), dst, off, len);
            return;
        }
        if (contiguous && dtype == DType.FLOAT64) {
            int base = Math.toIntExact(start * 8);
            for (int k = 0; k < len; k++) {
                dst[off + k] = data.getDouble(base + 8 * k);
            }
            return;
        }
        for (int k = 0; k < len; k++) {
            dst[off + k] = getDouble(start + k);
        }
    }

    /** Bulk path: blocks of floats copied (and byte-swapped if needed) at once, then widened. */
    private void copyFloats(int byteOffset, double[] dst, int off, int len) {
        FloatBuffer src = data.duplicate().order(data.order()).position(byteOffset).slice().order(data.order())
                .asFloatBuffer();
        float[] block = new float[Math.min(len, 8192)];
        for (int done = 0; done < len; done += block.length) {
            int n = Math.min(block.length, len - done);
            src.get(block, 0, n);
            for (int k = 0; k < n; k++) {
                dst[off + done + k] = block[k];
            }
        }
    }

    /** All elements in logical order as doubles; for tensors that fit in one Java array. */
    public double[] toDoubleArray() {
        double[] r = new double[Math.toIntExact(numel())];
        copyTo(0, r, 0, r.length);
        return r;
    }

    /** All elements in logical order as floats (rounded when the dtype is wider). */
    public float[] toFloatArray() {
        int n = Math.toIntExact(numel());
        float[] r = new float[n];
        if (contiguous && dtype == DType.FLOAT32) {
            data.duplicate().order(data.order()).asFloatBuffer().get(r);
            return r;
        }
        for (int i = 0; i < n; i++) {
            r[i] = (float) getDouble(i);
        }
        return r;
    }

    /** All elements in logical order as longs. */
    public long[] toLongArray() {
        long[] r = new long[Math.toIntExact(numel())];
        for (int i = 0; i < r.length; i++) {
            r[i] = getLong(i);
        }
        return r;
    }

    /**
     * The raw bytes of this tensor in logical order and the given byte order, as a fresh heap buffer.
     * Writers use this so every file they produce is C-ordered.
     */
    public ByteBuffer toBytes(ByteOrder order) {
        int n = Math.toIntExact(numel());
        int sz = dtype.size();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact((long) n * sz)).order(order);
        if (contiguous && data.order() == order) {
            out.put(data.duplicate().order(order).position(0).limit(n * sz));
            return out.flip();
        }
        for (int i = 0; i < n; i++) {
            int src = Math.toIntExact(storageIndex(i) * sz);
            copyElement(src, out, sz);
        }
        return out.flip();
    }

    private void copyElement(int src, ByteBuffer out, int sz) {
        if (dtype.isComplex()) { // two components, each in the byte order on its own
            copyComponent(src, out, sz / 2);
            copyComponent(src + sz / 2, out, sz / 2);
            return;
        }
        copyComponent(src, out, sz);
    }

    private void copyComponent(int src, ByteBuffer out, int sz) {
        switch (sz) {
            case 1 -> out.put(data.get(src));
            case 2 -> out.putShort(data.getShort(src));
            case 4 -> out.putInt(data.getInt(src));
            default -> out.putLong(data.getLong(src));
        }
    }

    private long storageIndex(long i) {
        if (contiguous) {
            return i;
        }
        long rem = i;
        long s = 0;
        for (int ax = shape.rank() - 1; ax >= 0; ax--) {
            long d = shape.dim(ax);
            s += (rem % d) * strides[ax];
            rem /= d;
        }
        return s;
    }

    private double readStorage(long s) {
        int i = Math.toIntExact(s);
        return switch (dtype) {
            case FLOAT32 -> data.getFloat(i * 4);
            case FLOAT64 -> data.getDouble(i * 8);
            case FLOAT16 -> HalfFloats.halfToFloat(data.getShort(i * 2));
            case BFLOAT16 -> HalfFloats.bfloat16ToFloat(data.getShort(i * 2));
            case INT8 -> data.get(i);
            case INT16 -> data.getShort(i * 2);
            case INT32 -> data.getInt(i * 4);
            case INT64 -> data.getLong(i * 8);
            case UINT8, BOOL -> data.get(i) & 0xFF;
            case UINT16 -> data.getShort(i * 2) & 0xFFFF;
            case UINT32 -> data.getInt(i * 4) & 0xFFFFFFFFL;
            case UINT64 -> unsignedToDouble(data.getLong(i * 8));
            case FLOAT8_E4M3FN -> HalfFloats.e4m3fnToFloat(data.get(i));
            case FLOAT8_E5M2 -> HalfFloats.e5m2ToFloat(data.get(i));
            case COMPLEX64, COMPLEX128 -> throw new IllegalStateException("a " + dtype
                    + " tensor has no single real value: read its parts with real(), imag() or asReal()");
        };
    }

    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        // halve keeping the lowest bit as a sticky bit, so the one rounding to double is the correct one
        return (double) ((v >>> 1) | (v & 1)) * 2.0;
    }

    static long[] rowMajorStrides(Shape shape) {
        long[] s = new long[shape.rank()];
        long acc = 1;
        for (int ax = shape.rank() - 1; ax >= 0; ax--) {
            s[ax] = acc;
            acc *= Math.max(1, shape.dim(ax));
        }
        return s;
    }

    static long[] columnMajorStrides(Shape shape) {
        long[] s = new long[shape.rank()];
        long acc = 1;
        for (int ax = 0; ax < shape.rank(); ax++) {
            s[ax] = acc;
            acc *= Math.max(1, shape.dim(ax));
        }
        return s;
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype + ", " + shape + (contiguous ? "" : ", strided") + ")";
    }
}
