package dev.parity.ui;

import dev.parity.tensor.Tensor;

/**
 * Statistics of one checkpoint tensor as the weights view lists them.
 *
 * @param finding "non-finite values", "all zeros", "constant" or empty
 */
public record WeightRow(String name, String dtype, String shape, long count, double mean, double std, double min,
                        double max, double zeroFraction, long nonFinite, String finding) {
    /** Measures {@code t} (every element, in one pass). */
    public static WeightRow of(String name, Tensor t) {
        long n = t.numel();
        double[] buf = new double[(int) Math.min(n, 1 << 16)];
        double sum = 0;
        double sq = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long zeros = 0;
        long bad = 0;
        for (long start = 0; start < n; start += buf.length) {
            int len = (int) Math.min(buf.length, n - start);
            t.copyTo(start, buf, 0, len);
            for (int i = 0; i < len; i++) {
                double v = buf[i];
                if (!Double.isFinite(v)) {
                    bad++;
                    continue;
                }
                sum += v;
                sq += v * v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                zeros += v == 0 ? 1 : 0;
            }
        }
        long good = n - bad;
        double mean = good == 0 ? Double.NaN : sum / good;
        double std = good == 0 ? Double.NaN : Math.sqrt(Math.max(0, sq / good - mean * mean));
        String finding = bad > 0 ? "non-finite values" : good > 0 && zeros == good ? "all zeros"
                : good > 1 && lo == hi ? "constant" : "";
        return new WeightRow(name, t.dtype().toString(), t.shape().toString(), n, mean, std, good == 0 ? Double.NaN : lo,
                good == 0 ? Double.NaN : hi, n == 0 ? 0 : (double) zeros / n, bad, finding);
    }
}
