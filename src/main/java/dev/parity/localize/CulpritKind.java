package dev.parity.localize;

/** Where, relative to the recorded points, the first divergence was seen. */
public enum CulpritKind {
    /** The module's recorded inputs match and its output differs. */
    MODULE_OUTPUT,
    /** Inside the module between recorded points: the first differing entry is the input of one of its children. */
    INSIDE_MODULE,
    /** The run's own inputs differ (an {@code in} entry outside every module call). */
    INPUTS,
    /** A random draw differs: the candidate did not inject the recorded draws. */
    RANDOM_DRAW,
    /** A final result differs while every module call matched (post-processing outside the traced modules). */
    FINAL
}
