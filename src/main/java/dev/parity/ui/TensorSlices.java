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

    /** The slice selected by {@code leading} (one index per leading axis, clamped into range). */
    public static Slice slice(Tensor t, int[] leading) {
        Shape s = t.shape();
        int rank = s.rank();
        int rows = rank >= 2 ? Math.toIntExact(s.dim(rank - 2)) : 1;
        int cols = rank >= 1 ? Math.toIntExact(s.dim(rank - 1)) : 1;
        long start = 0;
        long stride = (long) rows * cols;
        for (int ax = leadingAxes(s) - 1; ax >= 0; ax--) {
            int i = ax < leading.length ? leading[ax] : 0;
            start += Math.max(0, Math.min(i, s.dim(ax) - 1)) * stride;
            stride *= s.dim(ax);
        }
        double[] v = new double[rows * cols];
        if (t.numel() > 0) {
            t.copyTo(start, v, 0, v.length);
        }
        return new Slice(v, rows, cols);
    }

    /** Up to {@code max} evenly strided elements of the whole tensor (all of them when it is small). */
    public static double[] sample(Tensor t, int max) {
        long n = t.numel();
        if (n <= max) {
            return t.toDoubleArray();
        }
        double[] r = new double[max];
        double step = (double) n / max;
        for (int i = 0; i < max; i++) {
            r[i] = t.getDouble((long) (i * step));
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
