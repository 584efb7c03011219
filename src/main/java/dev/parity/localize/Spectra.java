package dev.parity.localize;

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
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
                re[i] = start + i < x.length ? x[start + i] * w : 0;
                im[i] = 0;
            }
            fft(re, im);
            for (int k = 0; k <= n / 2; k++) {
                double p = re[k] * re[k] + im[k] * im[k];
                total += p;
                high += k >= cut ? p : 0;
            }
        }
        return total > 0 ? high / total : Double.NaN;
    }

    /** In-place iterative radix-2 FFT; the length must be a power of two. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                swap(re, i, j);
                swap(im, i, j);
            }
        }
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

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
