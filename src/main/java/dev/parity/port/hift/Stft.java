package dev.parity.port.hift;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.ConvKernels;

/**
 * The short STFT/iSTFT of HiFT ({@code torch.stft}/{@code torch.istft} with n_fft = win_length, a periodic Hann
 * window, {@code center=True}, reflect padding, onesided, not normalized) as products with a DFT basis: with
 * n_fft 16 a matrix product is cheaper than an FFT and runs on DJL's PyTorch engine, which lacks stft/istft.
 */
final class Stft {
    private final int n_fft;
    private final int hop_len;
    private final float[] window; // (n_fft) periodic Hann, scipy get_window("hann", n_fft, fftbins=True)
    private final double[] window64; // (n_fft) the same unrounded: the float64 run's window

    Stft(int n_fft, int hop_len) {
        if (n_fft % hop_len != 0 || n_fft % 2 != 0) {
            throw new IllegalArgumentException("n_fft " + n_fft + " must be even and a multiple of hop_len " + hop_len);
        }
        this.n_fft = n_fft;
        this.hop_len = hop_len;
        this.window = hann(n_fft);
        this.window64 = new double[n_fft];
        for (int i = 0; i < n_fft; i++) {
            window64[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n_fft);
        }
    }

    /** The window for a signal of {@code dt}: float32-rounded, or exact in a float64 run. */
    private double w(int n, DataType dt) {
        return dt == DataType.FLOAT64 ? window64[n] : window[n];
    }

    /** Constants computed in float64, made in the signal's dtype (float32 rounds once, as before). */
    private static NDArray constant(NDManager m, double[] v, Shape s, DataType dt) {
        return m.create(v, s).toType(dt, false);
    }

    /** Periodic Hann window 0.5 − 0.5·cos(2πn/N), computed in float64 and rounded to float32 as scipy+numpy do. */
    static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }

    /** cos(2π·m/N) and sin(2π·m/N) with exact zeros and ±1 at quarter turns. */
    private double cos(int m) {
        m = Math.floorMod(m, n_fft);
        return 4 * m % n_fft == 0 ? exactQuarter(4 * m / n_fft, true) : Math.cos(2 * Math.PI * m / n_fft);
    }

    private double sin(int m) {
        m = Math.floorMod(m, n_fft);
        return 4 * m % n_fft == 0 ? exactQuarter(4 * m / n_fft, false) : Math.sin(2 * Math.PI * m / n_fft);
    }

    private static double exactQuarter(int q, boolean cos) {
        int[] c = {1, 0, -1, 0};
        int[] s = {0, 1, 0, -1};
        return cos ? c[q] : s[q];
    }

    /**
     * STFT of x.
     *
     * @param x (B, L)
     * @return [real (B, N/2+1, F), imag (B, N/2+1, F)], F = L / hop + 1
     */
    NDList stft(NDArray x) {
        NDManager m = x.getManager();
        int bins = n_fft / 2 + 1;
        NDArray padded = reflectPad(x, n_fft / 2).expandDims(1); // (B, 1, L + N)
        NDArray basis = constant(m, analysisBasis(x.getDataType()), new Shape(2L * bins, 1, n_fft),
                x.getDataType()); // (2·bins, 1, N)
        NDArray spec = ConvKernels.conv1d(padded, basis, null, hop_len, 0, 1, 1); // (B, 2·bins, F)
        NDArray real = spec.get(new NDIndex(":, :{}, :", bins)); // (B, bins, F)
        NDArray imag = spec.get(new NDIndex(":, {}:, :", bins)); // (B, bins, F)
        return new NDList(real, imag);
    }

    /** Rows k: w[n]·cos(2πkn/N) (real part), then −w[n]·sin(2πkn/N) (imaginary part). */
    private double[] analysisBasis(DataType dt) {
        int bins = n_fft / 2 + 1;
        double[] b = new double[2 * bins * n_fft];
        for (int k = 0; k < bins; k++) {
            for (int n = 0; n < n_fft; n++) {
                b[k * n_fft + n] = w(n, dt) * cos(k * n);
                b[(bins + k) * n_fft + n] = -w(n, dt) * sin(k * n);
            }
        }
        return b;
    }

    /** torch "reflect" padding of the last axis: x[p..1] ++ x ++ x[L−2..L−1−p]. x (B, L) → (B, L + 2p). */
    static NDArray reflectPad(NDArray x, int p) {
        long len = x.getShape().get(1);
        if (len <= p) {
            throw new IllegalArgumentException("reflect padding " + p + " needs more than " + p
                    + " samples but the signal has " + len);
        }
        NDArray left = x.get(new NDIndex(":, 1:{}", p + 1)).flip(1); // (B, p)
        NDArray right = x.get(new NDIndex(":, {}:{}", len - 1 - p, len - 1)).flip(1); // (B, p)
        return NDArrays.concat(new NDList(left, x, right), 1);
    }

    /**
     * Inverse STFT of magnitude·e^{i·phase} (magnitude clipped at 100 first, as upstream {@code _istft}).
     *
     * @param magnitude (B, N/2+1, F)
     * @param phase (B, N/2+1, F)
     * @return (B, hop·(F−1))
     */
    NDArray istft(NDArray magnitude, NDArray phase) {
        return istft(magnitude, phase, false);
    }

    /** {@link #istft(NDArray, NDArray)}; {@code sumOfWindow} (fault injection) divides by Σw instead of Σw². */
    NDArray istft(NDArray magnitude, NDArray phase, boolean sumOfWindow) {
        NDManager m = magnitude.getManager();
        NDArray mag = magnitude.minimum(100f); // (B, bins, F)
        NDArray real = mag.mul(phase.cos()); // (B, bins, F)
        NDArray imag = mag.mul(phase.sin()); // (B, bins, F)
        NDArray spec = NDArrays.concat(new NDList(real, imag), 1); // (B, 2·bins, F)
        DataType dt = magnitude.getDataType();
        NDArray synth = constant(m, synthesisBasis(dt), new Shape(n_fft, spec.getShape().get(1)), dt); // (N, 2·bins)
        NDArray frames = synth.matMul(spec); // (B, N, F) windowed frames
        NDArray y = overlapAdd(frames); // (B, N + hop·(F−1))
        long frameCount = spec.getShape().get(2);
        double[] env = sumOfWindow ? windowSum(frameCount, dt) : envelope(frameCount, dt); // (N + hop·(F−1))
        int half = n_fft / 2;
        long outLen = hop_len * (frameCount - 1);
        NDArray envArr = constant(m, java.util.Arrays.copyOfRange(env, half, half + (int) outLen),
                new Shape(outLen), dt); // (L)
        return y.get(new NDIndex(":, {}:{}", half, half + outLen)).div(envArr); // (B, L)
    }

    /** Row n: w[n]/N·[1, 2cos(2πkn/N) (k=1..N/2−1), (−1)^n | 0, −2sin(2πkn/N), 0]: windowed inverse rFFT. */
    private double[] synthesisBasis(DataType dt) {
        int bins = n_fft / 2 + 1;
        double[] b = new double[n_fft * 2 * bins];
        for (int n = 0; n < n_fft; n++) {
            for (int k = 0; k < bins; k++) {
                boolean edge = k == 0 || k == bins - 1;
                double re = (edge ? 1 : 2) * cos(k * n);
                double im = edge ? 0 : -2 * sin(k * n);
                b[n * 2 * bins + k] = w(n, dt) * re / n_fft;
                b[n * 2 * bins + bins + k] = w(n, dt) * im / n_fft;
            }
        }
        return b;
    }

    /** Overlap-add of frames (B, N, F) at hop → (B, N + hop·(F−1)), via N/hop shifted block sums. */
    private NDArray overlapAdd(NDArray frames) {
        long batch = frames.getShape().get(0);
        long f = frames.getShape().get(2);
        int q = n_fft / hop_len;
        NDArray blocks = frames.reshape(batch, q, hop_len, f); // (B, q, hop, F)
        NDArray sum = null;
        for (int j = 0; j < q; j++) {
            NDArray part = blocks.get(new NDIndex(":, {}, :, :", j)); // (B, hop, F)
            NDArray shifted = padTime(part, j, q - 1 - j); // (B, hop, F + q − 1)
            sum = sum == null ? shifted : sum.add(shifted);
        }
        return sum.transpose(0, 2, 1).reshape(batch, hop_len * (f + q - 1)); // (B, N + hop·(F−1))
    }

    private static NDArray padTime(NDArray x, int left, int right) {
        NDManager m = x.getManager();
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        NDList parts = new NDList();
        if (left > 0) {
            parts.add(m.zeros(new Shape(b, c, left), x.getDataType()));
        }
        parts.add(x);
        if (right > 0) {
            parts.add(m.zeros(new Shape(b, c, right), x.getDataType()));
        }
        return parts.size() == 1 ? x : NDArrays.concat(parts, 2);
    }

    /** Σ_f w[t − hop·f] (fault injection: the wrong OLA normalisation). */
    private double[] windowSum(long frameCount, DataType dt) {
        double[] env = new double[Math.toIntExact(n_fft + hop_len * (frameCount - 1))];
        for (int f = 0; f < frameCount; f++) {
            for (int n = 0; n < n_fft; n++) {
                env[f * hop_len + n] = round(env[f * hop_len + n] + w(n, dt), dt);
            }
        }
        return env;
    }

    /** Σ_f w²[t − hop·f], summed frame by frame as torch does: in float32 (float64 in a float64 run). */
    double[] envelope(long frameCount, DataType dt) {
        double[] env = new double[Math.toIntExact(n_fft + hop_len * (frameCount - 1))];
        for (int f = 0; f < frameCount; f++) {
            for (int n = 0; n < n_fft; n++) {
                double sq = round(w(n, dt) * w(n, dt), dt);
                env[f * hop_len + n] = round(env[f * hop_len + n] + sq, dt);
            }
        }
        return env;
    }

    /** float32 arithmetic (one rounding per operation) unless the run is float64. */
    private static double round(double v, DataType dt) {
        return dt == DataType.FLOAT64 ? v : (float) v;
    }
}
