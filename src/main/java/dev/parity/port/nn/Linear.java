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
        OpCensus.linear(inFeatures, outFeatures);
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
        if (faulty(Fault.WEIGHTS_AT_INIT)) {
            return initialized(x);
        }
        return bias == null ? ai.djl.nn.core.Linear.linear(x, weight).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /** Fault injection: weights (and bias) left at a torch-style initialisation U(±1/√in), fixed seed. */
    private NDArray initialized(NDArray x) {
        long[] s = weight.getShape().getShape(); // (out, in)
        java.util.Random r = new java.util.Random(7);
        double bound = 1 / Math.sqrt(s[1]);
        float[] w = new float[Math.toIntExact(s[0] * s[1])];
        float[] b = new float[Math.toIntExact(s[0])];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
        NDArray wi = x.getManager().create(w, weight.getShape()); // (out, in)
        NDArray bi = x.getManager().create(b, new ai.djl.ndarray.types.Shape(s[0])); // (out)
        return ai.djl.nn.core.Linear.linear(x, wi, bias == null ? null : bi).singletonOrThrow();
    }
}
