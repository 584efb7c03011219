package dev.parity.weights;

import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;

/**
 * Weight norm ({@code torch.nn.utils.parametrizations.weight_norm}, dim 0) as a checkpoint stores it, and its
 * fusion. The one place the stored key names are written: a layer at module path {@code p} whose parameter is
 * {@code p.weight} stores
 * <pre>
 * p.parametrizations.weight.original0   g, shape (dim0, 1, ..)
 * p.parametrizations.weight.original1   v, shaped like the weight
 * </pre>
 * and {@code W = g · v / ‖v‖}, the norm over all axes of the stored {@code v} except axis 0, no epsilon (for a
 * ConvTranspose1d, whose stored weight is {@code [in, out, k]}, that is per input channel).
 */
public final class WeightNorm {
    /** Suffix of the magnitude {@code g}, shape {@code [dim0, 1, 1]}. */
    public static final String G = ".parametrizations.weight.original0";
    /** Suffix of the direction {@code v}, shaped like the weight. */
    public static final String V = ".parametrizations.weight.original1";

    private WeightNorm() {
    }

    /**
     * The fused weight in float64, shaped like {@code v}.
     *
     * @throws IllegalArgumentException when {@code g} does not hold one value per slice of {@code v}
     */
    public static Tensor fuse(Tensor g, Tensor v) {
        Shape vs = v.shape();
        long rows = vs.rank() == 0 ? 1 : vs.dim(0);
        if (g.numel() != rows) {
            throw new IllegalArgumentException("weight norm: g " + g.shape() + " does not hold one value per row of v "
                    + vs);
        }
        int rowLen = Math.toIntExact(rows == 0 ? 0 : v.numel() / rows);
        double[] w = new double[Math.toIntExact(v.numel())];
        v.copyTo(0, w, 0, w.length);
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int i = r * rowLen; i < (r + 1) * rowLen; i++) {
                norm += w[i] * w[i];
            }
            double scale = g.getDouble(r) / Math.sqrt(norm);
            for (int i = r * rowLen; i < (r + 1) * rowLen; i++) {
                w[i] *= scale;
            }
        }
        return Tensor.ofDoubles(vs, w);
    }

    /** The key of {@code g} for the weight-normed layer at {@code module}. */
    public static String gKey(String module) {
        return module + G;
    }

    /** The key of {@code v} for the weight-normed layer at {@code module}. */
    public static String vKey(String module) {
        return module + V;
    }

    /** The module path of a weight-norm key, or null when {@code key} is not one. */
    public static String moduleOf(String key) {
        if (key.endsWith(G)) {
            return key.substring(0, key.length() - G.length());
        }
        return key.endsWith(V) ? key.substring(0, key.length() - V.length()) : null;
    }
}
