package dev.parity.ui;

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
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft);
                re[i] = k < signal.length ? signal[k] * w : 0;
                im[i] = 0;
            }
            fft(re, im);
            for (int b = 0; b < bins; b++) {
                out[b * frames + f] = 20 * Math.log10(Math.hypot(re[b], im[b]) + 1e-6);
            }
        }
        return new Slice(out, bins, frames);
    }

    /** In-place iterative radix-2 FFT. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        bitReverse(re, im);
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < len / 2; k++) {
                    double wr = Math.cos(ang * k);
                    double wi = Math.sin(ang * k);
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }

    private static void bitReverse(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
    }
}
