package dev.parity.ui;

import dev.parity.tensor.Fft;

/** Magnitude spectrogram in dB (Hann window, radix-2 FFT) for the audio view; rows are frequency bins. */
public final class Spectrogram {
    private Spectrogram() {
    }

    /**
     * @param nFft power of two
     * @return (nFft/2 + 1) × frames slice of {@code 20·log10(|X| + 1e-6)}
     */
    public static Slice of(double[] signal, int nFft, int hop) {
        int bins = nFft / 2 + 1;
        int frames = signal.length < nFft ? 1 : 1 + (signal.length - nFft) / hop;
        double[] out = new double[bins * frames];
        double[] re = new double[nFft];
        double[] im = new double[nFft];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < nFft; i++) {
                int k = f * hop + i;
                double w = Fft.hann(i, nFft);
                re[i] = k < signal.length ? signal[k] * w : 0;
                im[i] = 0;
            }
            Fft.fft(re, im);
            for (int b = 0; b < bins; b++) {
                out[b * frames + f] = 20 * Math.log10(Math.hypot(re[b], im[b]) + 1e-6);
            }
        }
        return new Slice(out, bins, frames);
    }
}
