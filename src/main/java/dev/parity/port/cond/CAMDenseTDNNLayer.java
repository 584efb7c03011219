package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** {@code xvector.CAMDenseTDNNLayer}: BN + ReLU → Conv1d 1×1 (bottleneck) → BN + ReLU → CAMLayer. */
public final class CAMDenseTDNNLayer extends Module {
    final BatchNorm nonlinear1;
    final Conv1d linear1;
    final BatchNorm nonlinear2;
    final CAMLayer cam_layer;

    public CAMDenseTDNNLayer(String path, Weights w, int in, int out, int bn, int dilation) {
        super(path);
        nonlinear1 = new BatchNorm(child("nonlinear1.batchnorm"), w, in, true, 1);
        linear1 = new Conv1d(child("linear1"), w, ConvSpec.of(in, bn, 1).noBias());
        nonlinear2 = new BatchNorm(child("nonlinear2.batchnorm"), w, bn, true, 1);
        cam_layer = new CAMLayer(child("cam_layer"), w, bn, out, dilation);
    }

    /** (B, in, T) → (B, out, T). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        NDArray h = linear1.forward(ctx, nonlinear1.forward(ctx, x).maximum(0f));
        return c.out(cam_layer.forward(ctx, nonlinear2.forward(ctx, h).maximum(0f)));
    }
}
