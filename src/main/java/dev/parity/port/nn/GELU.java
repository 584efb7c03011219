package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.GELU(approximate='none' | 'tanh')}. */
public class GELU extends Module {
    public final String approximate;

    public GELU(String path, String approximate) {
        super(path);
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException(path + ": approximate must be 'none' or 'tanh', got '" + approximate
                    + "'");
        }
        this.approximate = approximate;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // any shape
        return c.out(approximate.equals("tanh") ? Activations.geluTanh(x) : Activations.gelu(x)); // same shape
    }
}
