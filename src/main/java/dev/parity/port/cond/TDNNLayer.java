package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** {@code xvector.TDNNLayer}: Conv1d without bias ({@code linear}), then BatchNorm1d + ReLU ({@code nonlinear}). */
public final class TDNNLayer extends Module {
    final Conv1d linear;
    final BatchNorm batchnorm;

    public TDNNLayer(String path, Weights w, ConvSpec spec) {
        super(path);
        linear = new Conv1d(child("linear"), w, spec);
        batchnorm = new BatchNorm(child("nonlinear.batchnorm"), w, spec.out_channels(), true, 1);
    }

    /** (B, in, T) → (B, out, T'). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        return c.out(batchnorm.forward(ctx, linear.forward(ctx, x)).maximum(0f));
    }
}
