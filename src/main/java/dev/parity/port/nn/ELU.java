package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.ELU(alpha)}. */
public class ELU extends Module {
    public final double alpha;

    public ELU(String path, double alpha) {
        super(path);
        this.alpha = alpha;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // any shape
        return c.out(Activations.elu(x, alpha)); // same shape
    }
}
