package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** {@code xvector.TransitLayer}: BN + ReLU, then Conv1d 1×1 without bias (pre-activation order). */
public final class TransitLayer extends Module {
    final BatchNorm batchnorm;
    final Conv1d linear;

    public TransitLayer(String path, Weights w, int in, int out) {
        super(path);
        batchnorm = new BatchNorm(child("nonlinear.batchnorm"), w, in, true, 1);
        linear = new Conv1d(child("linear"), w, ConvSpec.of(in, out, 1).noBias());
    }

    /** (B, in, T) → (B, out, T). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        return c.out(linear.forward(ctx, batchnorm.forward(ctx, x).maximum(0f)));
    }
}
