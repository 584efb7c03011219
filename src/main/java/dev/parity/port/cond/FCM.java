package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code xvector.FCM} ({@code speaker_encoder.head}): the fbank as a one-channel image; conv1 + bn1 + ReLU, two
 * layers of two BasicResBlocks (the first of each with stride (2, 1)), conv2 (stride (2, 1)) + bn2 + ReLU, then
 * channels × frequency flattened channel-major: (B, 80, T) → (B, 32·10, T).
 */
public final class FCM extends Module {
    public static final int M_CHANNELS = 32;
    final Conv2d conv1;
    final BatchNorm bn1;
    final BasicResBlock[] layer1;
    final BasicResBlock[] layer2;
    final Conv2d conv2;
    final BatchNorm bn2;
    public final int out_channels;

    public FCM(String path, Weights w, int featDim) {
        super(path);
        conv1 = new Conv2d(child("conv1"), w, 1, M_CHANNELS, 3, 1, 1, 1);
        bn1 = new BatchNorm(child("bn1"), w, M_CHANNELS, true, 2);
        layer1 = layer(child("layer1"), w);
        layer2 = layer(child("layer2"), w);
        conv2 = new Conv2d(child("conv2"), w, M_CHANNELS, M_CHANNELS, 3, 2, 1, 1);
        bn2 = new BatchNorm(child("bn2"), w, M_CHANNELS, true, 2);
        out_channels = M_CHANNELS * (featDim / 8);
    }

    private static BasicResBlock[] layer(String path, Weights w) {
        return new BasicResBlock[] {new BasicResBlock(path + ".0", w, M_CHANNELS, M_CHANNELS, 2),
            new BasicResBlock(path + ".1", w, M_CHANNELS, M_CHANNELS, 1)};
    }

    /** (B, F, T) → (B, 32·F/8, T). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        NDArray out = bn1.forward(ctx, conv1.forward(ctx, x.expandDims(1))).maximum(0f); // (B, 32, F, T)
        for (BasicResBlock b : layer1) {
            out = b.forward(ctx, out);
        }
        for (BasicResBlock b : layer2) {
            out = b.forward(ctx, out);
        }
        out = bn2.forward(ctx, conv2.forward(ctx, out)).maximum(0f); // (B, 32, F/8, T)
        long[] s = out.getShape().getShape();
        return c.out(out.reshape(s[0], s[1] * s[2], s[3])); // (B, 32·F/8, T)
    }
}
