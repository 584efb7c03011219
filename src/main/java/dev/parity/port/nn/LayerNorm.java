package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** {@code torch.nn.LayerNorm} over the last axis (elementwise affine). */
public class LayerNorm extends Module {
    final NDArray weight; // (normalized_shape)
    final NDArray bias; // (normalized_shape)
    public final int normalized_shape;
    public final double eps;

    public LayerNorm(String path, Weights w, int normalizedShape, double eps) {
        super(path);
        this.normalized_shape = normalizedShape;
        this.eps = eps;
        this.weight = w.take(child("weight"), normalizedShape);
        this.bias = w.take(child("bias"), normalizedShape);
        OpCensus.layerNorm(normalizedShape);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (.., C)
        return c.out(apply(ctx, x)); // (.., C)
    }

    /** The computation without recording the call (the context's faults apply). */
    public NDArray apply(RunContext ctx, NDArray x) {
        double e = faulty(ctx, Fault.LAYERNORM_EPS) ? (eps < 1e-8 ? 1e-5 : 1e-12) : eps;
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(normalized_shape), weight, bias, (float) e)
                .singletonOrThrow();
    }
}
