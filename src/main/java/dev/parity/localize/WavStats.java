package dev.parity.localize;

import static dev.parity.port.audio.SampleRates.S3GEN_SR;

import dev.parity.tensor.Tensor;

/**
 * Statistics of one waveform at {@link dev.parity.port.audio.SampleRates#S3GEN_SR}.
 *
 * @param highFreqShare fraction of the spectral energy above {@link #HIGH_FREQ_HZ} (Hann-windowed frames of
 *                      {@link Spectra#FRAME} samples, hop a quarter frame)
 */
public record WavStats(long samples, double seconds, double rms, double peak, double highFreqShare) {
    public static final double HIGH_FREQ_HZ = 4000;

    public static WavStats of(Tensor wav) {
        double[] x = wav.toDoubleArray();
        double ss = 0;
        double peak = 0;
        for (double v : x) {
            ss += v * v;
            peak = Math.max(peak, Math.abs(v));
        }
        double rms = x.length == 0 ? 0 : Math.sqrt(ss / x.length);
        return new WavStats(x.length, x.length / (double) S3GEN_SR, rms, peak,
                Spectra.energyShareAbove(x, HIGH_FREQ_HZ, S3GEN_SR));
    }
}
