package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.Mish}: x·tanh(softplus(x)). */
public class Mish extends Module {
    public Mish(String path) {
        super(path);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // any shape
        return c.out(Activations.mish(x)); // same shape
    }
}
