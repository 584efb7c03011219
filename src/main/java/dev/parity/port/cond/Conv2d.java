package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** {@code torch.nn.Conv2d} without bias (all of CAMPPlus's FCM head): zero padding, stride (sh, sw). */
public final class Conv2d extends Module {
    final NDArray weight; // (out, in, kh, kw)
    private final Shape stride;
    private final Shape padding;

    public Conv2d(String path, Weights w, int in, int out, int kernel, int strideH, int strideW, int pad) {
        super(path);
        this.weight = w.take(child("weight"), out, in, kernel, kernel);
        this.stride = new Shape(strideH, strideW);
        this.padding = new Shape(pad, pad);
    }

    /** x (B, in, H, W) → (B, out, H', W'). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        return c.out(ai.djl.nn.convolutional.Conv2d.conv2d(x, weight, null, stride, padding, new Shape(1, 1), 1)
                .singletonOrThrow());
    }
}
