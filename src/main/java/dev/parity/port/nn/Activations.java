package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Activation functions as torch computes them (DJL's mish is wrong and it has no tanh GELU). */
public final class Activations {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Activations() {
    }

    /** x·sigmoid(x). */
    public static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Exact GELU: x·Φ(x) = 0.5·x·(1 + erf(x/√2)), torch's own kernel (what {@code F.gelu} runs upstream). */
    public static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    /** tanh-approximated GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    public static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
        return x.mul(inner.tanh().add(1.0)).mul(0.5);
    }

    /** log(1 + exp(x)) with torch's threshold 20 (linear above it); torch's own kernel. */
    public static NDArray softplus(NDArray x) {
        return Activation.softPlus(x);
    }

    /** x·tanh(softplus(x)). */
    public static NDArray mish(NDArray x) {
        return x.mul(softplus(x).tanh());
    }

    /** x for x > 0, α·(exp(x) − 1) otherwise. */
    public static NDArray elu(NDArray x, double alpha) {
        NDArray neg = x.minimum(0f).exp().sub(1.0).mul(alpha);
        return NDArrays.where(x.gt(0f), x, neg);
    }

    /** x for x ≥ 0, slope·x otherwise. */
    public static NDArray leakyRelu(NDArray x, double slope) {
        return NDArrays.where(x.gte(0f), x, x.mul(slope));
    }
}
