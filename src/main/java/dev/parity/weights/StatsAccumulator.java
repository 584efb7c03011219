package dev.parity.weights;

import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** One pass over a tensor's values: power sums, extremes, counts, magnitude bins and per-row sums of squares. */
final class StatsAccumulator {
    private static final int CHUNK = 1 << 14;
    /** Row norms are kept for at most this many rows (8 MB); beyond it {@code rowNormCv} is NaN. */
    private static final long MAX_ROWS = 1 << 20;
    private final long[] bins = new long[MagnitudeHistogram.BINS];
    private final double[] rowSumSq;
    private final long rowLen;
    private long nan;
    private long inf;
    private long zeros;
    private long below;
    private long above;
    private boolean shifted;
    private double shift;
    private double s1;
    private double s2;
    private double s3;
    private double s4;
    private double absSum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    private StatsAccumulator(Tensor t) {
        boolean rows = t.shape().rank() >= 2 && t.shape().dim(0) > 1 && t.shape().dim(0) <= MAX_ROWS;
        rowSumSq = rows ? new double[Math.toIntExact(t.shape().dim(0))] : null;
        rowLen = rows ? t.numel() / t.shape().dim(0) : 0;
    }

    /** Reads every element of {@code t} once, in chunks; a complex tensor as its real and imaginary parts. */
    static StatsAccumulator over(Tensor tensor) {
        Tensor t = tensor.asReal();
        StatsAccumulator a = new StatsAccumulator(t);
        long n = t.numel();
        double[] buf = new double[(int) Math.min(CHUNK, Math.max(1, n))];
        for (long start = 0; start < n; start += buf.length) {
            int len = (int) Math.min(buf.length, n - start);
            t.copyTo(start, buf, 0, len);
            a.addChunk(start, buf, len);
        }
        return a;
    }

    private void addChunk(long start, double[] buf, int len) {
        for (int k = 0; k < len; k++) {
            add(buf[k]);
        }
        if (rowSumSq != null) {
            addRows(start, buf, len);
        }
    }

    private void add(double x) {
        if (Double.isNaN(x)) {
            nan++;
            return;
        }
        if (Double.isInfinite(x)) {
            inf++;
            return;
        }
        if (!shifted) {
            shift = x;
            shifted = true;
        }
        double y = x - shift;
        double y2 = y * y;
        s1 += y;
        s2 += y2;
        s3 += y2 * y;
        s4 += y2 * y2;
        double ax = Math.abs(x);
        absSum += ax;
        min = Math.min(min, x);
        max = Math.max(max, x);
        bin(ax);
    }

    private void bin(double ax) {
        if (ax == 0) {
            zeros++;
            return;
        }
        int b = Math.getExponent(ax) - MagnitudeHistogram.MIN_EXPONENT;
        if (b < 0) {
            below++;
        } else if (b >= bins.length) {
            above++;
        } else {
            bins[b]++;
        }
    }

    private void addRows(long start, double[] buf, int len) {
        int row = (int) (start / rowLen);
        long inRow = start % rowLen;
        for (int k = 0; k < len; k++) {
            double x = buf[k];
            if (Double.isFinite(x)) {
                rowSumSq[row] += x * x;
            }
            if (++inRow == rowLen) {
                inRow = 0;
                row++;
            }
        }
    }

    /** The finished statistics. */
    TensorStats toStats(KeyInfo info, Tensor t) {
        long n = t.numel();
        long finite = n - nan - inf;
        double[] m = centralMoments(finite);
        double std = Math.sqrt(m[1]);
        double kurtosis = m[1] > 0 ? m[3] / (m[1] * m[1]) : Double.NaN;
        return new TensorStats(info.key(), info.type(), t.dtype(), t.shape(), n, nan, inf,
                finite > 0 ? m[0] : Double.NaN, finite > 0 ? std : Double.NaN, finite > 0 ? min : Double.NaN,
                finite > 0 ? max : Double.NaN, finite > 0 ? absSum / finite : Double.NaN,
                n > 0 ? (double) zeros / n : Double.NaN, kurtosis, rowNormCv(), histogram());
    }

    /** {mean, variance, third and fourth central moment} from the shifted power sums. */
    private double[] centralMoments(long finite) {
        if (finite == 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        }
        double e1 = s1 / finite;
        double e2 = s2 / finite;
        double e3 = s3 / finite;
        double e4 = s4 / finite;
        double var = Math.max(0, e2 - e1 * e1);
        double m3 = e3 - 3 * e1 * e2 + 2 * e1 * e1 * e1;
        double m4 = Math.max(0, e4 - 4 * e1 * e3 + 6 * e1 * e1 * e2 - 3 * e1 * e1 * e1 * e1);
        return new double[] {shift + e1, var, m3, m4};
    }

    private double rowNormCv() {
        if (rowSumSq == null) {
            return Double.NaN;
        }
        double sum = 0;
        double sumSq = 0;
        for (double r : rowSumSq) {
            double norm = Math.sqrt(r);
            sum += norm;
            sumSq += r;
        }
        int rows = rowSumSq.length;
        double mean = sum / rows;
        double var = Math.max(0, sumSq / rows - mean * mean);
        return mean > 0 ? Math.sqrt(var) / mean : Double.NaN;
    }

    private MagnitudeHistogram histogram() {
        List<Long> counts = new ArrayList<>(bins.length);
        for (long b : bins) {
            counts.add(b);
        }
        return new MagnitudeHistogram(MagnitudeHistogram.MIN_EXPONENT, counts, zeros, below, above);
    }
}
