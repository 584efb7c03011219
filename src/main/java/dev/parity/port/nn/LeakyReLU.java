package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.LeakyReLU(negative_slope)}. */
public class LeakyReLU extends Module {
    public final double negative_slope;

    public LeakyReLU(String path, double negativeSlope) {
        super(path);
        this.negative_slope = negativeSlope;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // any shape
        return c.out(Activations.leakyRelu(x, negative_slope)); // same shape
    }
}
