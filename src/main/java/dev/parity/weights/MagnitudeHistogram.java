package dev.parity.weights;

import java.util.List;

/**
 * A histogram of magnitudes on a base-2 scale, filled in the same single pass as the other statistics
 * (a linear histogram would need the range first, i.e. a second pass over a memory-mapped tensor).
 *
 * <p>Bin {@code i} counts finite, non-zero values with {@code 2^(minExponent+i) <= |x| < 2^(minExponent+i+1)};
 * {@code zeros} counts exact zeros, {@code below} non-zero values under {@code 2^minExponent}, {@code above}
 * values at or over {@code 2^(minExponent + counts.size())}. NaN and infinities are not counted here.
 */
public record MagnitudeHistogram(int minExponent, List<Long> counts, long zeros, long below, long above) {
    /** The exponent of the first bin used by {@link WeightStatistics}: {@code 2^-24}, below float16 resolution. */
    public static final int MIN_EXPONENT = -24;
    /** Number of bins used by {@link WeightStatistics}: up to {@code 2^8 = 256}. */
    public static final int BINS = 32;

    public MagnitudeHistogram {
        counts = List.copyOf(counts);
    }

    /** Lower edge of bin {@code i}. */
    public double lowerEdge(int i) {
        return Math.scalb(1.0, minExponent + i);
    }

    /** Total number of values counted, zeros included. */
    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum() + zeros + below + above;
    }
}
