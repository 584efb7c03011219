package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import dev.parity.port.nn.Conv1d;
import dev.parity.port.nn.ConvSpec;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code xvector.CAMLayer}: y = linear_local(x) (kernel 3, dilation d) times a mask m = sigmoid(linear2(relu(linear1(
 * context)))), context = mean of x over time + segment pooling (100-frame averages, ceil mode, each repeated over
 * its frames).
 */
public final class CAMLayer extends Module {
    public static final int SEG_LEN = 100;
    final Conv1d linear_local;
    final Conv1d linear1;
    final Conv1d linear2;

    public CAMLayer(String path, Weights w, int bnChannels, int outChannels, int dilation) {
        super(path);
        linear_local = new Conv1d(child("linear_local"), w, ConvSpec.of(bnChannels, outChannels, 3)
                .padding(dilation).dilation(dilation).noBias());
        linear1 = new Conv1d(child("linear1"), w, ConvSpec.of(bnChannels, bnChannels / 2, 1));
        linear2 = new Conv1d(child("linear2"), w, ConvSpec.of(bnChannels / 2, outChannels, 1));
    }

    /** (B, bn, T) → (B, out, T). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        NDArray y = linear_local.forward(ctx, x);
        NDArray context = x.mean(new int[] {-1}, true).add(segPooling(x)); // (B, bn, T)
        context = linear1.forward(ctx, context).maximum(0f);
        NDArray m = Activation.sigmoid(linear2.forward(ctx, context));
        return c.out(y.mul(m));
    }

    /** avg_pool1d(kernel = stride = 100, ceil_mode) expanded back to T frames: (B, C, T). */
    static NDArray segPooling(NDArray x) {
        long t = x.getShape().get(2);
        NDList segs = new NDList();
        for (long s = 0; s < t; s += SEG_LEN) {
            long e = Math.min(t, s + SEG_LEN);
            NDArray mean = x.get(new NDIndex(":, :, {}:{}", s, e)).mean(new int[] {2}, true); // (B, C, 1)
            segs.add(mean.repeat(2, e - s));
        }
        return ai.djl.ndarray.NDArrays.concat(segs, 2);
    }
}
