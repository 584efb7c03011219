package dev.parity.weights;

/** How a matched candidate tensor relates to its reference tensor. */
public enum FindingStatus {
    /** Same shape, every value equal. */
    IDENTICAL,
    /** Same shape, values within {@link ValueDiff#matchTolerance} but not all equal (a cast, a recomputation). */
    CLOSE,
    /** The reference's values in another layout ({@link Layout}); values within {@link ValueDiff#matchTolerance}. */
    RELAYOUT,
    /** Shape explained (same, or a known layout) but the values differ. */
    VALUES_DIFFER,
    /** No layout explains the candidate's shape. */
    SHAPE_DIFFERS
}
