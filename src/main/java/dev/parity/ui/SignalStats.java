package dev.parity.ui;

import dev.parity.report.Numbers;

/**
 * Summary figures of a displayed signal (mel or waveform) over its finite values.
 *
 * @param positiveFraction fraction of values above zero
 */
public record SignalStats(double min, double max, double mean, double positiveFraction) {
    public static SignalStats of(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long n = 0;
        long pos = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
                sum += x;
                n++;
                pos += x > 0 ? 1 : 0;
            }
        }
        return n == 0 ? new SignalStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new SignalStats(lo, hi, sum / n, (double) pos / n);
    }

    @Override
    public String toString() {
        return "range [" + Numbers.num(min) + ", " + Numbers.num(max) + "], mean " + Numbers.num(mean) + ", positive "
                + Numbers.briefPct(positiveFraction);
    }
}
