package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.SiLU}: x·sigmoid(x). */
public class SiLU extends Module {
    public SiLU(String path) {
        super(path);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // any shape
        return c.out(Activations.silu(x)); // same shape
    }
}
