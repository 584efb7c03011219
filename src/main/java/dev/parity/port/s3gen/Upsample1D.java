package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Pad;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** The encoder's causal upsampler: nearest ×stride in time, left-pad 2·stride, Conv1d(k = 2·stride + 1). */
public class Upsample1D extends Module {
    final Conv1d conv;
    public final int stride;

    public Upsample1D(String path, Weights w, int channels, int outChannels, int stride) {
        super(path);
        this.stride = stride;
        this.conv = new Conv1d(child("conv"), w, ConvSpec.of(channels, outChannels, 2 * stride + 1));
    }

    /** Returns {outputs, input_lengths·stride}. */
    public NDArray[] forward(RunContext ctx, NDArray inputs, NDArray inputLengths) {
        Call c = begin(ctx).in(inputs).in("input_lengths", inputLengths); // (B, C, T), (B)
        NDArray outputs = inputs.repeat(2, stride); // (B, C, stride·T), nearest
        outputs = Pad.constant(outputs, 2 * stride, 0, 0f); // (B, C, stride·T + 2·stride)
        outputs = conv.forward(ctx, outputs); // (B, C_out, stride·T)
        NDArray lengths = inputLengths.mul(stride); // (B)
        c.out(outputs);
        c.out("1", lengths);
        return new NDArray[] {outputs, lengths};
    }
}
