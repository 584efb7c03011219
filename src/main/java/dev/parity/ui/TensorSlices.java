package dev.parity.ui;

import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;

/**
 * Picks displayable slices out of tensors. The last two axes form the slice (rows × columns); every leading
 * axis is fixed by an index (batch, channel, ...). Rank 0 and 1 give a single row.
 */
public final class TensorSlices {
    private TensorSlices() {
    }

    /** How many leading axes need an index for {@code shape}. */
    public static int leadingAxes(Shape shape) {
        return Math.max(0, shape.rank() - 2);
    }

    /**
     * The slice selected by {@code leading} (one index per leading axis, clamped into range); a complex tensor
     * gives its magnitude (see {@link #slice(Tensor, int[], ComplexPart)}).
     */
    public static Slice slice(Tensor t, int[] leading) {
        return slice(t, leading, ComplexPart.MAGNITUDE);
    }

    /** The slice selected by {@code leading}; for a complex tensor, {@code part} of each element. */
    public static Slice slice(Tensor t, int[] leading, ComplexPart part) {
        if (t.dtype().isComplex()) {
            Slice[] p = parts(t, leading);
            return part.of(p[0], p[1]);
        }
        int[] rc = rowsCols(t.shape());
        double[] v = new double[rc[0] * rc[1]];
        if (t.numel() > 0) {
            t.copyTo(start(t.shape(), leading), v, 0, v.length);
        }
        return new Slice(v, rc[0], rc[1]);
    }

    /** The real and imaginary parts of the slice selected by {@code leading}; imaginary 0 for a real tensor. */
    public static Slice[] parts(Tensor t, int[] leading) {
        int[] rc = rowsCols(t.shape());
        double[] re = new double[rc[0] * rc[1]];
        double[] im = new double[re.length];
        if (t.numel() > 0) {
            t.copyComplexTo(start(t.shape(), leading), re, im, 0, re.length);
        }
        return new Slice[] {new Slice(re, rc[0], rc[1]), new Slice(im, rc[0], rc[1])};
    }

    private static int[] rowsCols(Shape s) {
        int rank = s.rank();
        return new int[] {rank >= 2 ? Math.toIntExact(s.dim(rank - 2)) : 1,
            rank >= 1 ? Math.toIntExact(s.dim(rank - 1)) : 1};
    }

    /** Logical index of the slice's first element. */
    private static long start(Shape s, int[] leading) {
        int[] rc = rowsCols(s);
        long start = 0;
        long stride = (long) rc[0] * rc[1];
        for (int ax = leadingAxes(s) - 1; ax >= 0; ax--) {
            int i = ax < leading.length ? leading[ax] : 0;
            start += Math.max(0, Math.min(i, s.dim(ax) - 1)) * stride;
            stride *= s.dim(ax);
        }
        return start;
    }

    /**
     * Candidate minus reference in {@code part}'s picture over up to {@code max} evenly strided elements, for
     * tensors of which at least one is complex and both have the same element count.
     */
    public static double[] complexDifferenceSample(Tensor ref, Tensor cand, int max, ComplexPart part) {
        long n = ref.numel();
        int k = (int) Math.min(n, max);
        double step = (double) n / Math.max(k, 1);
        double[] r = new double[k];
        for (int i = 0; i < k; i++) {
            long j = (long) (i * step);
            r[i] = part.difference(ref.real(j), ref.imag(j), cand.real(j), cand.imag(j));
        }
        return r;
    }

    /**
     * Up to {@code max} evenly strided elements of the whole tensor (all of them when it is small); the magnitudes
     * of a complex tensor.
     */
    public static double[] sample(Tensor t, int max) {
        long n = t.numel();
        boolean complex = t.dtype().isComplex();
        if (n <= max && !complex) {
            return t.toDoubleArray();
        }
        int k = (int) Math.min(n, max);
        double[] r = new double[k];
        double step = (double) n / Math.max(k, 1);
        for (int i = 0; i < k; i++) {
            long j = (long) (i * step);
            r[i] = complex ? Math.hypot(t.real(j), t.imag(j)) : t.getDouble(j);
        }
        return r;
    }

    /** Row {@code index} of the first axis as its own tensor (e.g. one CFG branch of a batch-2 tensor). */
    public static Tensor batchRow(Tensor t, int index) {
        Shape s = t.shape();
        long[] rest = new long[s.rank() - 1];
        for (int i = 1; i < s.rank(); i++) {
            rest[i - 1] = s.dim(i);
        }
        Shape rs = new Shape(rest);
        double[] v = new double[Math.toIntExact(rs.numel())];
        t.copyTo(index * rs.numel(), v, 0, v.length);
        return Tensor.ofDoubles(rs, v);
    }
}
