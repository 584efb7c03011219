package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.Tanh}. */
public class Tanh extends Module {
    public Tanh(String path) {
        super(path);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // any shape
        return c.out(x.tanh()); // same shape
    }
}
