package dev.parity.weights;

/** How a candidate key was paired with a reference key. */
public enum MatchKind {
    /** Same name. */
    EXACT,
    /** Same name after the user's mapping rules. */
    MAPPED,
    /** Same name after a rule the diff suggested ({@link dev.parity.compare.InferredRule}). */
    SUGGESTED,
    /** Reference weight norm {@code original0}/{@code original1} ↔ candidate fused {@code <module>.weight}. */
    WEIGHT_NORM_FUSED,
    /** Reference fused {@code <module>.weight} ↔ candidate weight norm {@code original0}/{@code original1}. */
    WEIGHT_NORM_SPLIT
}
