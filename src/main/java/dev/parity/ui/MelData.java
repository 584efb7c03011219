package dev.parity.ui;

/**
 * The mel view's content: reference and candidate features (channels × time), their difference, a shared colour
 * range and per-channel mean profiles.
 *
 * @param feature which feature this is
 * @param cand null without a candidate
 * @param diff null without a candidate or when the sizes differ
 * @param lo low end of the shared value scale of both mels
 * @param hi high end of that scale
 */
public record MelData(StageSignal feature, Slice ref, Slice cand, Slice diff, double lo, double hi, double[] refProfile,
                      double[] candProfile, SignalStats refStats, SignalStats candStats, String note) {
    /** Mean over time of each channel (row). */
    static double[] channelMeans(Slice s) {
        double[] m = new double[s.rows()];
        for (int r = 0; r < s.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < s.cols(); c++) {
                sum += s.get(r, c);
            }
            m[r] = s.cols() == 0 ? Double.NaN : sum / s.cols();
        }
        return m;
    }
}
