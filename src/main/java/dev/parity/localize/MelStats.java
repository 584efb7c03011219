package dev.parity.localize;

import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Statistics of one log-mel spectrogram laid out (1, channels, frames).
 *
 * @param positiveFraction fraction of values above 0 (a natural-log mel of real audio is almost never positive)
 * @param channelMeans mean over frames of each channel: the spectral profile
 * @param seconds duration at 50 frames per second (hop 480 at 24 kHz)
 */
public record MelStats(int channels, int frames, double seconds, double min, double max, double mean,
                       double positiveFraction, List<Double> channelMeans) {
    public static final double FRAMES_PER_SECOND = 50;

    public MelStats {
        channelMeans = List.copyOf(channelMeans);
    }

    /** Statistics of {@code mel} (rank 2 (C, T) or rank 3 (1, C, T)). */
    public static MelStats of(Tensor mel) {
        int rank = mel.shape().rank();
        int ch = (int) mel.shape().dim(rank - 2);
        int fr = (int) mel.shape().dim(rank - 1);
        double[] v = mel.toDoubleArray();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long pos = 0;
        List<Double> means = new ArrayList<>();
        for (int c = 0; c < ch; c++) {
            double s = 0;
            for (int t = 0; t < fr; t++) {
                double x = v[c * fr + t];
                min = Math.min(min, x);
                max = Math.max(max, x);
                s += x;
                pos += x > 0 ? 1 : 0;
            }
            sum += s;
            means.add(fr == 0 ? Double.NaN : s / fr);
        }
        double n = Math.max(1, (double) ch * fr);
        return new MelStats(ch, fr, fr / FRAMES_PER_SECOND, min, max, sum / n, pos / n, means);
    }
}
