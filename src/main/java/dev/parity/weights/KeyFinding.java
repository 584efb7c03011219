package dev.parity.weights;

import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import java.util.Locale;

/**
 * What the diff found for one matched key.
 *
 * @param refKey reference key (for {@link MatchKind#WEIGHT_NORM_FUSED}: the reference's {@code original1})
 * @param candKey candidate key as stored in the candidate file
 * @param comparison status, layout and value difference
 * @param candidateInit the initializer check of the candidate tensor when its values differ; otherwise a
 *                      {@link InitKind#NONE} verdict saying it was not needed
 */
public record KeyFinding(String refKey, String candKey, MatchKind matchedBy, LayerType layerType, ParamRole role,
                         Shape refShape, Shape candShape, DType refDtype, DType candDtype, WeightComparison comparison,
                         InitVerdict candidateInit) {

    public FindingStatus status() {
        return comparison.status();
    }

    public boolean dtypeDiffers() {
        return refDtype != candDtype;
    }

    /**
     * True unless the candidate holds the reference's exact values in the reference layout under the same or a
     * user-mapped name (a correctly fused weight norm, values within tolerance, also counts as no difference).
     */
    public boolean isDifference() {
        boolean fused = matchedBy == MatchKind.WEIGHT_NORM_FUSED || matchedBy == MatchKind.WEIGHT_NORM_SPLIT;
        boolean sameValues = status() == FindingStatus.IDENTICAL || (fused && status() == FindingStatus.CLOSE);
        return !sameValues || dtypeDiffers() || matchedBy == MatchKind.SUGGESTED;
    }

    /** One line: what the candidate is. */
    public String describe() {
        StringBuilder b = new StringBuilder(statusText());
        if (matchedBy == MatchKind.WEIGHT_NORM_FUSED) {
            b.append("; candidate holds the fused weight g·v/‖v‖");
        } else if (matchedBy == MatchKind.WEIGHT_NORM_SPLIT) {
            b.append("; candidate holds weight norm g/v of the fused reference weight");
        } else if (matchedBy == MatchKind.SUGGESTED) {
            b.append("; matched by a suggested prefix rule");
        }
        if (dtypeDiffers()) {
            b.append("; dtype ").append(refDtype).append(" -> ").append(candDtype);
        }
        return b.toString();
    }

    private String statusText() {
        ValueDiff v = comparison.values();
        return switch (status()) {
            case IDENTICAL -> "identical";
            case CLOSE -> String.format(Locale.ROOT, "close (rel L2 %.2e)", v.relL2());
            case RELAYOUT -> "stored in " + comparison.layout() + " " + candShape;
            case VALUES_DIFFER -> String.format(Locale.ROOT, "values differ%s: max abs %.4g, rel L2 %.4g%s",
                    comparison.layout().equals(Layout.REFERENCE) ? "" : " (in " + comparison.layout() + ")",
                    v.maxAbs(), v.relL2(), initText());
            case SHAPE_DIFFERS -> "shape " + refShape + " -> " + candShape + ", no layout explains it";
        };
    }

    private String initText() {
        return candidateInit.looksUntrained() ? "; candidate looks re-initialized: " + candidateInit.kind() + " ("
                + candidateInit.reason() + ")" : "";
    }
}
