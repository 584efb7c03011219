package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Pad;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** Conv1d (stride 1, no padding) after left zero-padding by kernel_size − 1. */
public class CausalConv1d extends Conv1d {
    public CausalConv1d(String path, Weights w, int inChannels, int outChannels, int kernelSize) {
        super(path, w, ConvSpec.of(inChannels, outChannels, kernelSize));
    }

    @Override
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, C_in, T)
        NDArray padded = Pad.constant(x, spec.kernel_size() - 1, 0, 0f); // (B, C_in, T + k − 1)
        return c.out(apply(ctx, padded)); // (B, C_out, T)
    }
}
