package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real DFT of windowed frames as one float64 matrix product on the PyTorch engine (DJL has no FFT): frames
 * (F, n) zero-padded to {@code nFft} times the basis [cos | −sin] (n, 2·bins). Float64 keeps the result within a
 * few ulps of the exact transform, so the port's error is the reference's own float32 FFT rounding.
 */
final class Dft {
    private static final Map<Long, double[]> BASES = new ConcurrentHashMap<>();

    /** Real and imaginary parts, each (frames, bins) row-major. */
    record Spectrum(int frames, int bins, double[] re, double[] im) {
        /** re² + im² at (frame, bin). */
        double power(int f, int k) {
            int i = f * bins + k;
            return re[i] * re[i] + im[i] * im[i];
        }
    }

    private Dft() {
    }

    /**
     * @param frames (count, n) row-major, already windowed
     * @param nFft transform size (≥ n; samples past n are zeros)
     */
    static Spectrum of(NDManager manager, double[] frames, int count, int n, int nFft) {
        int bins = nFft / 2 + 1;
        if (count == 0) {
            return new Spectrum(0, bins, new double[0], new double[0]);
        }
        double[] basis = BASES.computeIfAbsent(((long) n << 32) | nFft, k -> basis(n, nFft));
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(frames, new Shape(count, n)); // (F, n) float64
            NDArray b = m.create(basis, new Shape(n, 2L * bins)); // (n, 2·bins)
            double[] y = x.matMul(b).toDoubleArray(); // (F, 2·bins)
            double[] re = new double[count * bins];
            double[] im = new double[count * bins];
            for (int f = 0; f < count; f++) {
                System.arraycopy(y, f * 2 * bins, re, f * bins, bins);
                System.arraycopy(y, f * 2 * bins + bins, im, f * bins, bins);
            }
            return new Spectrum(count, bins, re, im);
        }
    }

    /** Row j: cos(2πjk/N) for k < bins, then −sin(2πjk/N); the angle reduced exactly mod N. */
    private static double[] basis(int n, int nFft) {
        int bins = nFft / 2 + 1;
        double[] b = new double[n * 2 * bins];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < bins; k++) {
                double a = 2 * Math.PI * (((long) j * k) % nFft) / nFft;
                b[j * 2 * bins + k] = Math.cos(a);
                b[j * 2 * bins + bins + k] = -Math.sin(a);
            }
        }
        return b;
    }

    /** Periodic Hann window 0.5 − 0.5·cos(2πi/n) as torch/scipy store it (float32). */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }

    /** x reflect-padded by {@code p} on both sides (numpy/torch 'reflect': the edge sample is not repeated). */
    static float[] reflectPad(float[] x, int p) {
        if (x.length <= p) {
            throw new IllegalArgumentException("reflect padding " + p + " needs more than " + p + " samples, got "
                    + x.length);
        }
        float[] y = new float[x.length + 2 * p];
        System.arraycopy(x, 0, y, p, x.length);
        for (int i = 0; i < p; i++) {
            y[p - 1 - i] = x[i + 1];
            y[p + x.length + i] = x[x.length - 2 - i];
        }
        return y;
    }

    /** Frames of {@code x} (length n, step hop, as many as fit) times {@code window}: (count, n) row-major. */
    static double[] frames(float[] x, int n, int hop, double[] window, int count) {
        double[] f = new double[count * n];
        for (int t = 0; t < count; t++) {
            for (int j = 0; j < n; j++) {
                f[t * n + j] = x[t * hop + j] * window[j];
            }
        }
        return f;
    }
}
