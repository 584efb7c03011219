package dev.parity.localize;

import dev.parity.tensor.Fft;

/** Small spectral helpers: an in-place radix-2 FFT and band energy shares. */
final class Spectra {
    static final int FRAME = 1024;

    private Spectra() {
    }

    /** Fraction of the power spectrum above {@code hz}, summed over Hann frames (NaN for silence). */
    static double energyShareAbove(double[] x, double hz, int sampleRate) {
        int n = FRAME;
        int hop = n / 4;
        int cut = (int) Math.ceil(hz * n / sampleRate);
        double high = 0;
        double total = 0;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int start = 0; start == 0 || start + n <= x.length; start += hop) {
            for (int i = 0; i < n; i++) {
                double w = Fft.hann(i, n);
                re[i] = start + i < x.length ? x[start + i] * w : 0;
                im[i] = 0;
            }
            Fft.fft(re, im);
            for (int k = 0; k <= n / 2; k++) {
                double p = re[k] * re[k] + im[k] * im[k];
                total += p;
                high += k >= cut ? p : 0;
            }
        }
        return total > 0 ? high / total : Double.NaN;
    }
}
