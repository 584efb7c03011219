package dev.parity.localize;

/**
 * Reference formulas for the first effect of each catalog fault, computed in float64 from recorded tensors and
 * the dump's weights (row-major arrays). Each has a "correct" setting that must reproduce the recorded output.
 */
public final class FaultKernels {
    private FaultKernels() {
    }

    /** Valid Conv1d: x (Cin, L), w (Cout, Cin, K) → (Cout, L − K + 1); {@code transposed} reads w[i][o][k]. */
    static double[] conv1d(double[] x, int cin, double[] w, double[] b, int cout, int k, boolean transposed) {
        int len = x.length / cin;
        int out = len - k + 1;
        double[] y = new double[cout * out];
        for (int o = 0; o < cout; o++) {
            for (int t = 0; t < out; t++) {
                double s = b[o];
                for (int i = 0; i < cin; i++) {
                    for (int j = 0; j < k; j++) {
                        double wv = transposed ? w[(i * cout + o) * k + j] : w[(o * cin + i) * k + j];
                        s += wv * x[i * len + t + j];
                    }
                }
                y[o * out + t] = s;
            }
        }
        return y;
    }

    /** Linear over the last axis: x (N, in), w (out, in) → (N, out). */
    static double[] linear(double[] x, int in, double[] w, double[] b, int out) {
        int n = x.length / in;
        double[] y = new double[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * x[r * in + i];
                }
                y[r * out + o] = s;
            }
        }
        return y;
    }

    /** LayerNorm over the last axis of size c (biased variance). */
    static double[] layerNorm(double[] x, int c, double[] w, double[] b, double eps) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / c; r++) {
            double mean = 0;
            for (int i = 0; i < c; i++) {
                mean += x[r * c + i] / c;
            }
            double var = 0;
            for (int i = 0; i < c; i++) {
                var += (x[r * c + i] - mean) * (x[r * c + i] - mean) / c;
            }
            for (int i = 0; i < c; i++) {
                y[r * c + i] = (x[r * c + i] - mean) / Math.sqrt(var + eps) * w[i] + b[i];
            }
        }
        return y;
    }

    /** Attention mode: upstream, no scale, or every key masked (softmax of equal scores: the mean of v). */
    enum Mode { UPSTREAM, NO_SCALE, ALL_MASKED }

    /** softmax(q·kᵀ·scale)·v per head; q, k, v (B, T, H·D) → (B, T, H·D). */
    static double[] attention(double[] q, double[] k, double[] v, int batch, int heads, int dim, Mode mode) {
        double scale = switch (mode) {
            case UPSTREAM -> 1 / Math.sqrt(dim);
            case NO_SCALE -> 1;
            case ALL_MASKED -> 0; // every score equal: what a bias of −1e10 on every key leaves
        };
        return attention(q, k, v, batch, heads, dim, scale, q.length / batch / (heads * dim));
    }

    /**
     * softmax(q·kᵀ·scale)·v per head over the first {@code keys} keys only (the rest masked out); q, k, v
     * (B, T, H·D) → (B, T, H·D), in float64.
     */
    public static double[] attention(double[] q, double[] k, double[] v, int batch, int heads, int dim,
            double scale, int keys) {
        int t = q.length / batch / (heads * dim);
        int hd = heads * dim;
        double[] out = new double[q.length];
        double[] p = new double[keys];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < keys; j++) {
                        double s = 0;
                        for (int d = 0; d < dim; d++) {
                            s += q[(b * t + i) * hd + h * dim + d] * k[(b * t + j) * hd + h * dim + d];
                        }
                        p[j] = s * scale;
                        max = Math.max(max, p[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < keys; j++) {
                        p[j] = Math.exp(p[j] - max);
                        sum += p[j];
                    }
                    for (int d = 0; d < dim; d++) {
                        double s = 0;
                        for (int j = 0; j < keys; j++) {
                            s += p[j] / sum * v[(b * t + j) * hd + h * dim + d];
                        }
                        out[(b * t + i) * hd + h * dim + d] = s;
                    }
                }
            }
        }
        return out;
    }

    /** Swaps the two halves of axis 1 of (B, C, rest) data. */
    static double[] swapHalves(double[] x, int batch, int c) {
        int rest = x.length / batch / c;
        int half = c / 2 * rest;
        double[] y = new double[x.length];
        for (int b = 0; b < batch; b++) {
            int base = b * c * rest;
            System.arraycopy(x, base, y, base + half, half);
            System.arraycopy(x, base + half, y, base, half);
        }
        return y;
    }

    /** Per-sample ratio Σw² / Σw of the iSTFT overlap-add envelopes (periodic Hann n_fft, hop, center trim). */
    static double[] sumWOverSumW2Ratio(int samples, int nfft, int hop, int frames) {
        double[] e1 = new double[nfft + hop * (frames - 1)];
        double[] e2 = new double[e1.length];
        for (int f = 0; f < frames; f++) {
            for (int n = 0; n < nfft; n++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / nfft);
                e1[f * hop + n] += w;
                e2[f * hop + n] += w * w;
            }
        }
        double[] r = new double[samples];
        for (int i = 0; i < samples; i++) {
            r[i] = e2[i + nfft / 2] / e1[i + nfft / 2];
        }
        return r;
    }
}
