package dev.parity.port.cond;

/**
 * Mel filter banks: librosa's Slaney-scale, area-normalised {@code filters.mel} (computed in float64, stored as
 * float32 like librosa's default dtype) and Kaldi's triangular banks on the 1127·ln(1 + f/700) scale.
 */
public final class MelFilters {
    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOGSTEP = Math.log(6.4) / 27;

    private MelFilters() {
    }

    /** {@code librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax)} (htk False, norm 'slaney'): (n_mels, 1 + n_fft/2). */
    public static float[][] slaney(int sr, int nFft, int nMels, double fmin, double fmax) {
        int bins = 1 + nFft / 2;
        double[] melF = new double[nMels + 2];
        double lo = hzToMel(fmin);
        double hi = hzToMel(fmax);
        for (int i = 0; i < melF.length; i++) {
            melF[i] = melToHz(lo + (hi - lo) * i / (nMels + 1));
        }
        float[][] w = new float[nMels][bins];
        for (int i = 0; i < nMels; i++) {
            double enorm = 2.0 / (melF[i + 2] - melF[i]);
            for (int k = 0; k < bins; k++) {
                double f = (double) sr / 2 * k / (bins - 1); // np.linspace(0, sr/2, bins)
                double lower = (f - melF[i]) / (melF[i + 1] - melF[i]);
                double upper = (melF[i + 2] - f) / (melF[i + 2] - melF[i + 1]);
                w[i][k] = (float) (Math.max(0, Math.min(lower, upper)) * enorm);
            }
        }
        return w;
    }

    static double hzToMel(double f) {
        return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOGSTEP : f / F_SP;
    }

    static double melToHz(double m) {
        return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL)) : F_SP * m;
    }

    /**
     * torchaudio {@code kaldi.get_mel_banks(num_bins, padded_window_size, sample_freq, low_freq, high_freq)} with
     * the Nyquist column appended as zeros: (num_bins, padded/2 + 1), computed in float32 like torchaudio.
     */
    public static float[][] kaldi(int numBins, int paddedWindow, double sampleFreq, double lowFreq, double highFreq) {
        int fftBins = paddedWindow / 2;
        float binWidth = (float) (sampleFreq / paddedWindow);
        float melLow = kaldiMel(lowFreq);
        float melHigh = kaldiMel(highFreq);
        float delta = (melHigh - melLow) / (numBins + 1);
        float[][] w = new float[numBins][fftBins + 1];
        for (int b = 0; b < numBins; b++) {
            float left = melLow + b * delta;
            float center = melLow + (b + 1) * delta;
            float right = melLow + (b + 2) * delta;
            for (int k = 0; k < fftBins; k++) {
                float mel = kaldiMel(binWidth * k);
                float up = (mel - left) / (center - left);
                float down = (right - mel) / (right - center);
                w[b][k] = Math.max(0f, Math.min(up, down));
            }
        }
        return w;
    }

    /** 1127·ln(1 + f/700) in float32. */
    static float kaldiMel(double f) {
        return (float) (1127.0 * Math.log1p((float) f / 700.0f));
    }
}
