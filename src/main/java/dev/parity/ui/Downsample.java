package dev.parity.ui;

/**
 * Reduces a series to about the number of pixels it fills, keeping each bucket's minimum and maximum so
 * spikes survive (the "min-max" decimation).
 */
public final class Downsample {
    private Downsample() {
    }

    /**
     * @param x ascending x values
     * @param buckets number of buckets across the x range; at most 2·buckets points come back
     * @return {xs, ys}, ready for {@code DefaultXYDataset.addSeries}
     */
    public static double[][] minMax(double[] x, double[] y, int buckets) {
        int n = x.length;
        if (n <= 2L * buckets || n == 0) {
            return new double[][] {x.clone(), y.clone()};
        }
        double x0 = x[0];
        double w = (x[n - 1] - x0) / buckets;
        double[] ox = new double[2 * buckets + 2];
        double[] oy = new double[ox.length];
        int m = 0;
        int i = 0;
        while (i < n) {
            int b = w > 0 ? (int) Math.min(buckets - 1, (x[i] - x0) / w) : 0;
            int lo = i;
            int hi = i;
            int j = i;
            while (j < n && (w > 0 ? (int) Math.min(buckets - 1, (x[j] - x0) / w) : 0) == b) {
                if (y[j] < y[lo] || Double.isNaN(y[lo])) {
                    lo = j;
                }
                if (y[j] > y[hi] || Double.isNaN(y[hi])) {
                    hi = j;
                }
                j++;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            ox[m] = x[first];
            oy[m++] = y[first];
            if (second != first) {
                ox[m] = x[second];
                oy[m++] = y[second];
            }
            i = j;
        }
        return new double[][] {java.util.Arrays.copyOf(ox, m), java.util.Arrays.copyOf(oy, m)};
    }

    /** {@code minMax} over y sampled at x = 0, 1, 2, ... scaled by {@code xScale}. */
    public static double[][] signal(double[] y, double xScale, int buckets) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * xScale;
        }
        return minMax(x, y, buckets);
    }
}
