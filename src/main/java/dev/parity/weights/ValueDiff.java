package dev.parity.weights;

import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;

/**
 * Element-wise difference of two tensors with the same element count, compared in logical (row-major) order.
 *
 * <p>{@code maxAbs = max |c − r|}; {@code relL2 = ‖c − r‖₂ / ‖r‖₂}, 0 when both norms are 0 and +∞ when only the
 * reference is all zeros. Two NaN or two equal infinities at a position count as equal; any other non-finite
 * difference makes both statistics +∞. Values {@linkplain #matches() match} when {@code relL2 <= 1e-6}: exact
 * copies and re-layouts give 0, float32 recomputations (weight-norm fusion) stay near 1e-7. When either tensor is
 * stored in a narrower float type the bound is that type's rounding ({@link #matchTolerance}): 1e-2 for float16
 * and bfloat16 (relative rounding ≤ 2^-9 and 2^-8), 1e-1 for the float8 types.
 */
public record ValueDiff(double maxAbs, double relL2, double refNorm, long differing) {
    /** The relative L2 error up to which two tensors count as the same values. */
    public static final double MATCH_REL_L2 = 1e-6;
    private static final int CHUNK = 1 << 14;

    /** True when no element differs. */
    public boolean identical() {
        return differing == 0;
    }

    /** True when {@code relL2 <= MATCH_REL_L2}. */
    public boolean matches() {
        return relL2 <= MATCH_REL_L2;
    }

    /** True when {@code relL2} is within the {@link #matchTolerance} of the two dtypes. */
    public boolean matches(DType a, DType b) {
        return relL2 <= Math.max(matchTolerance(a), matchTolerance(b));
    }

    /** The relative L2 error that rounding to {@code dtype} alone can cause, with margin. */
    public static double matchTolerance(DType dtype) {
        return switch (dtype) {
            case FLOAT16, BFLOAT16 -> 1e-2;
            case FLOAT8_E4M3FN, FLOAT8_E5M2 -> 1e-1;
            default -> MATCH_REL_L2;
        };
    }

    /** Compares {@code cand} against {@code ref}; complex tensors are compared part by part (real, imaginary). */
    public static ValueDiff of(Tensor refTensor, Tensor candTensor) {
        Tensor ref = refTensor.asReal();
        Tensor cand = candTensor.asReal();
        long n = ref.numel();
        if (cand.numel() != n) {
            throw new IllegalArgumentException("element counts differ: " + ref.shape() + " vs " + cand.shape());
        }
        double[] r = new double[(int) Math.min(CHUNK, Math.max(1, n))];
        double[] c = new double[r.length];
        double maxAbs = 0;
        double diffSq = 0;
        double refSq = 0;
        long differing = 0;
        for (long start = 0; start < n; start += r.length) {
            int len = (int) Math.min(r.length, n - start);
            ref.copyTo(start, r, 0, len);
            cand.copyTo(start, c, 0, len);
            for (int k = 0; k < len; k++) {
                double d = sameValue(r[k], c[k]) ? 0 : Math.abs(c[k] - r[k]);
                d = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                differing += d != 0 ? 1 : 0;
                maxAbs = Math.max(maxAbs, d);
                diffSq += d * d;
                refSq += Double.isFinite(r[k]) ? r[k] * r[k] : 0;
            }
        }
        return new ValueDiff(maxAbs, relL2(diffSq, refSq), Math.sqrt(refSq), differing);
    }

    private static boolean sameValue(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    private static double relL2(double diffSq, double refSq) {
        if (diffSq == 0) {
            return 0;
        }
        return refSq == 0 ? Double.POSITIVE_INFINITY : Math.sqrt(diffSq / refSq);
    }
}
