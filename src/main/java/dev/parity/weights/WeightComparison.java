package dev.parity.weights;

import dev.parity.tensor.Tensor;

/**
 * The outcome of comparing one candidate tensor with its reference, layouts tried.
 *
 * @param layout {@link Layout#REFERENCE}, the name of the layout the candidate is stored in, {@code reshaped} or
 *               {@code unexplained shape}
 * @param values the difference in that layout; all NaN (and {@code differing == -1}) when no layout fits the shape
 */
public record WeightComparison(FindingStatus status, String layout, ValueDiff values) {
    private static final ValueDiff NOT_COMPARABLE = new ValueDiff(Double.NaN, Double.NaN, Double.NaN, -1);

    /**
     * Compares {@code cand} with {@code ref} (a tensor of layer {@code type}): directly when the shapes agree, then
     * through every {@link Layouts#candidates layout} whose shape fits, then as a flat reshape.
     */
    public static WeightComparison of(LayerType type, Tensor ref, Tensor cand) {
        if (ref.shape().equals(cand.shape())) {
            ValueDiff d = ValueDiff.of(ref, cand);
            if (d.matches(ref.dtype(), cand.dtype())) {
                return new WeightComparison(d.identical() ? FindingStatus.IDENTICAL : FindingStatus.CLOSE,
                        Layout.REFERENCE, d);
            }
            WeightComparison relayout = relayout(type, ref, cand);
            return relayout != null && relayout.status == FindingStatus.RELAYOUT ? relayout
                    : new WeightComparison(FindingStatus.VALUES_DIFFER, Layout.REFERENCE, d);
        }
        WeightComparison relayout = relayout(type, ref, cand);
        if (relayout != null) {
            return relayout;
        }
        if (ref.numel() == cand.numel()) {
            ValueDiff flat = ValueDiff.of(ref, cand);
            if (flat.matches(ref.dtype(), cand.dtype())) {
                return new WeightComparison(FindingStatus.RELAYOUT, "reshaped (same row-major values)", flat);
            }
        }
        return new WeightComparison(FindingStatus.SHAPE_DIFFERS, "unexplained shape", NOT_COMPARABLE);
    }

    /** The first layout whose values match; else the first whose shape fits (values differ); else null. */
    private static WeightComparison relayout(LayerType type, Tensor ref, Tensor cand) {
        WeightComparison firstFit = null;
        for (Layout l : Layouts.candidates(type, ref.shape().rank())) {
            if (!ref.shape().permute(l.perm()).equals(cand.shape())) {
                continue;
            }
            ValueDiff d = ValueDiff.of(ref.permute(l.perm()), cand);
            if (d.matches(ref.dtype(), cand.dtype())) {
                return new WeightComparison(FindingStatus.RELAYOUT, l.name(), d);
            }
            if (firstFit == null && !ref.shape().equals(cand.shape())) {
                firstFit = new WeightComparison(FindingStatus.VALUES_DIFFER, l.name(), d);
            }
        }
        return firstFit;
    }
}
