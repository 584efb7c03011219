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
        if (n <= 2L * buckets) {
            return new double[][] {x.clone(), y.clone()};
        }
        double width = (x[n - 1] - x[0]) / buckets;
        double[] ox = new double[2 * buckets + 2];
        double[] oy = new double[ox.length];
        int m = 0;
        for (int i = 0; i < n; ) {
            int b = bucket(x[i], x[0], width, buckets);
            int lo = i;
            int hi = i;
            int j = i;
            for (; j < n && bucket(x[j], x[0], width, buckets) == b; j++) {
                lo = y[j] < y[lo] || Double.isNaN(y[lo]) ? j : lo;
                hi = y[j] > y[hi] || Double.isNaN(y[hi]) ? j : hi;
            }
            for (int k : lo == hi ? new int[] {lo} : new int[] {Math.min(lo, hi), Math.max(lo, hi)}) {
                ox[m] = x[k];
                oy[m++] = y[k];
            }
            i = j;
        }
        return new double[][] {java.util.Arrays.copyOf(ox, m), java.util.Arrays.copyOf(oy, m)};
    }

    private static int bucket(double x, double x0, double width, int buckets) {
        return width > 0 ? (int) Math.min(buckets - 1, (x - x0) / width) : 0;
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
