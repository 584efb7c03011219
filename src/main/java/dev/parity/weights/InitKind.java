package dev.parity.weights;

/** What {@link InitializerCheck} thinks a tensor's values are. */
public enum InitKind {
    /** Does not look like an untrained initializer (or nothing to judge: no finite values). */
    NONE(false),
    /** Too few values to tell a distribution apart. */
    INCONCLUSIVE(false),
    /** Every value is exactly 0 (PyTorch's LayerNorm bias, a zero-initialized bias). */
    ZEROS(true),
    /** Every value is exactly 1 (PyTorch's LayerNorm weight). */
    ONES(true),
    /** Uniform in ±1/sqrt(fan_in): PyTorch's default for Linear/Conv weights (kaiming_uniform_, a=√5) and biases. */
    KAIMING_UNIFORM(true),
    /** Uniform in a symmetric range of another width (e.g. xavier_uniform_). */
    UNIFORM_OTHER(true),
    /** Normal, mean 0, std ≈ 1/sqrt(fan_in). */
    NORMAL_FAN_IN(true),
    /** Normal, mean 0, std ≈ sqrt(2/fan_in) (kaiming_normal_). */
    NORMAL_KAIMING(true),
    /** Normal, mean 0, std ≈ 1 (PyTorch's Embedding default). */
    NORMAL_UNIT(true);

    private final boolean untrained;

    InitKind(boolean untrained) {
        this.untrained = untrained;
    }

    /** True when the tensor looks like an untrained initializer. */
    public boolean looksUntrained() {
        return untrained;
    }
}
