package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.Linear}: y = x·Wᵀ + b over the last axis. */
public class Linear extends Module {
    final NDArray weight; // (out_features, in_features)
    final NDArray bias; // (out_features) or null
    public final int in_features;
    public final int out_features;

    public Linear(String path, Weights w, int inFeatures, int outFeatures, boolean bias) {
        super(path);
        this.in_features = inFeatures;
        this.out_features = outFeatures;
        this.weight = w.take(child("weight"), outFeatures, inFeatures);
        this.bias = bias ? w.take(child("bias"), outFeatures) : null;
    }

    public Linear(String path, Weights w, int inFeatures, int outFeatures) {
        this(path, w, inFeatures, outFeatures, true);
    }

    public NDArray forward(TraceSink sink, NDArray x) {
        Call c = begin(sink).in(x); // (.., in_features)
        NDArray y = apply(x); // (.., out_features)
        return c.out(y);
    }

    /** The computation without tracing. */
    public NDArray apply(NDArray x) {
        return bias == null ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
