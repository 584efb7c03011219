package dev.parity.tensor;

/** An in-place iterative radix-2 FFT, for the audio checks and the spectrogram views. */
public final class Fft {
    private Fft() {
    }

    /**
     * Transforms {@code (re, im)} in place (forward, unnormalised: {@code X[k] = Σ x[n]·e^(−2πikn/N)}).
     *
     * @throws IllegalArgumentException when the length is not a power of two or the arrays differ in length
     */
    public static void fft(double[] re, double[] im) {
        int n = re.length;
        if (im.length != n || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT length must be a power of two, got " + n + " and " + im.length);
        }
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

    /** The periodic Hann window value {@code 0.5 − 0.5·cos(2πi/n)}. */
    public static double hann(int i, int n) {
        return 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
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
                swap(re, i, j);
                swap(im, i, j);
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
