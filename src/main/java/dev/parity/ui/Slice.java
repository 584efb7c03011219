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

    /** The {@code cols × rows} transpose. */
    public Slice transposed() {
        double[] t = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return new Slice(t, cols, rows);
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

    /**
     * At most {@code maxRows × maxCols} values: each bin of neighbouring rows and columns keeps its value of
     * largest magnitude (so a single bad element stays visible). Returns this slice when it already fits.
     */
    public Slice binned(int maxRows, int maxCols) {
        if (rows <= maxRows && cols <= maxCols) {
            return this;
        }
        int br = Math.min(rows, maxRows);
        int bc = Math.min(cols, maxCols);
        double[] out = new double[br * bc];
        java.util.Arrays.fill(out, Double.NaN);
        for (int r = 0; r < rows; r++) {
            int orow = (int) ((long) r * br / rows);
            for (int c = 0; c < cols; c++) {
                int o = orow * bc + (int) ((long) c * bc / cols);
                double v = values[r * cols + c];
                if (Double.isNaN(out[o]) || Math.abs(v) > Math.abs(out[o])) {
                    out[o] = v;
                }
            }
        }
        return new Slice(out, br, bc);
    }
}
