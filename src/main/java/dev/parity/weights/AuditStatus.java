package dev.parity.weights;

/** The outcome of the load audit for one pipeline parameter or checkpoint key. */
public enum AuditStatus {
    /** The parameter equals its checkpoint tensor (within {@link ValueDiff#MATCH_REL_L2}; exact for copies). */
    EQUAL,
    /** The parameter's values differ from its checkpoint tensor (also: same values in another layout). */
    DIFFERS,
    /** The parameter's shape fits no layout of its checkpoint tensor. */
    SHAPE_DIFFERS,
    /** The pipeline holds a parameter that no checkpoint key feeds: it keeps its initial values. */
    NOT_IN_CHECKPOINT,
    /** A checkpoint key the pipeline reports as used, but no parameter it holds comes from it. */
    MISSING_IN_PIPELINE,
    /** A checkpoint key the pipeline neither holds, uses nor lists as unused. */
    UNUSED,
    /** A checkpoint key the caller listed as deliberately unused. */
    LISTED_UNUSED;

    /** True for the statuses that need no attention. */
    public boolean ok() {
        return this == EQUAL || this == LISTED_UNUSED;
    }
}
