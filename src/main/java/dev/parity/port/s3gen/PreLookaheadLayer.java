package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Activations;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Pad;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** Look-ahead: right-pad, conv1 (k = len+1), leaky ReLU 0.01, left-pad 2, conv2 (k = 3), residual. */
public class PreLookaheadLayer extends Module {
    static final double LEAKY_SLOPE = 0.01; // F.leaky_relu default
    final Conv1d conv1;
    final Conv1d conv2;
    public final int pre_lookahead_len;

    public PreLookaheadLayer(String path, Weights w, int channels, int preLookaheadLen) {
        super(path);
        this.pre_lookahead_len = preLookaheadLen;
        this.conv1 = new Conv1d(child("conv1"), w, ConvSpec.of(channels, channels, preLookaheadLen + 1));
        this.conv2 = new Conv1d(child("conv2"), w, ConvSpec.of(channels, channels, 3));
    }

    public NDArray forward(RunContext ctx, NDArray inputs) {
        Call c = begin(ctx).in(inputs); // (B, T, C)
        NDArray outputs = inputs.transpose(0, 2, 1); // (B, C, T)
        outputs = Pad.constant(outputs, 0, pre_lookahead_len, 0f); // (B, C, T + len)
        outputs = Activations.leakyRelu(conv1.forward(ctx, outputs), LEAKY_SLOPE); // (B, C, T)
        outputs = Pad.constant(outputs, 2, 0, 0f); // (B, C, T + 2)
        outputs = conv2.forward(ctx, outputs).transpose(0, 2, 1); // (B, T, C)
        return c.out(outputs.add(inputs)); // (B, T, C)
    }
}
