package dev.parity.ui;

/**
 * A 2-D slice of a tensor in row-major order: {@code rows × cols} values. A 1-D slice has one row.
 *
 * @param values row-major, length rows·cols
 */
public record Slice(double[] values, int rows, int cols) {
    public Slice {
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(values.length + " values for a " + rows + "×" + cols + " slice");
        }
    }

    public boolean isLine() {
        return rows == 1;
    }

    public double get(int r, int c) {
        return values[r * cols + c];
    }

    /** Element-wise {@code this − other}; both slices must have the same size. */
    public Slice minus(Slice other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("slice " + other.rows + "×" + other.cols + " differs from "
                    + rows + "×" + cols);
        }
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i] - other.values[i];
        }
        return new Slice(d, rows, cols);
    }

    /** {min, max} over finite values; {0, 0} when there are none. */
    public double[] range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
    }

    /** max |v| over finite values (0 when none). */
    public double maxAbs() {
        double[] r = range();
        return Math.max(Math.abs(r[0]), Math.abs(r[1]));
    }
}
