package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** {@code xvector.DenseLayer} with config "batchnorm_": Conv1d 1×1 without bias, BatchNorm1d(affine=False). */
public final class DenseLayer extends Module {
    final Conv1d linear;
    final BatchNorm batchnorm;

    public DenseLayer(String path, Weights w, int in, int out) {
        super(path);
        linear = new Conv1d(child("linear"), w, ConvSpec.of(in, out, 1).noBias());
        batchnorm = new BatchNorm(child("nonlinear.batchnorm"), w, out, false, 1);
    }

    /** (B, in) → (B, out). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        NDArray y = linear.forward(ctx, x.expandDims(2)).squeeze(2); // (B, out)
        return c.out(batchnorm.forward(ctx, y));
    }
}
