package dev.parity.weights;

/** What a checkpoint tensor is within its module. */
public enum ParamRole {
    /** {@code <module>.weight}. */
    WEIGHT,
    /** {@code <module>.bias}. */
    BIAS,
    /** Weight-norm magnitude {@code <module>.parametrizations.weight.original0}, shape {@code [dim0, 1, 1]}. */
    WEIGHT_NORM_G,
    /** Weight-norm direction {@code <module>.parametrizations.weight.original1}, shaped like the weight. */
    WEIGHT_NORM_V,
    /** Any other parameter or buffer. */
    OTHER;

    /** True for the tensors that hold a layer's weight matrix or kernel (plain weight or weight-norm v). */
    public boolean isWeight() {
        return this == WEIGHT || this == WEIGHT_NORM_V;
    }
}
