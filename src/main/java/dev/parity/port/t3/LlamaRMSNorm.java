package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * transformers {@code LlamaRMSNorm}: y = w ⊙ x / √(mean(x²) + eps) over the last axis; the mean and reciprocal root
 * are computed in float32 whatever the activations' dtype, and cast back before the multiplication by w.
 */
public class LlamaRMSNorm extends Module {
    final NDArray weight; // (hidden_size)
    public final double variance_epsilon;

    public LlamaRMSNorm(String path, Weights w, int hiddenSize, double eps) {
        super(path);
        this.weight = w.take(child("weight"), hiddenSize);
        this.variance_epsilon = eps;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, T, D)
        return c.out(apply(ctx, x)); // (B, T, D)
    }

    /** The computation without recording the call (the context's faults apply). */
    public NDArray apply(RunContext ctx, NDArray x) {
        DataType input_dtype = x.getDataType();
        boolean half = faulty(ctx, Fault.RMSNORM_FLOAT16);
        double eps = faulty(ctx, Fault.RMSNORM_EPS) ? 1e-6 : variance_epsilon;
        NDArray h = half ? x.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false)
                : x.toType(DataType.FLOAT32, false); // (B, T, D)
        NDArray variance = h.square().mean(new int[] {-1}, true); // (B, T, 1)
        NDArray y = h.div(variance.add(eps).sqrt()); // (B, T, D)
        if (half) {
            y = y.toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false);
        }
        return y.toType(input_dtype, false).mul(weight); // w ⊙ y (on the activations' manager)
    }
}
