package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.SiLU}: x·sigmoid(x). */
public class SiLU extends Module {
    public SiLU(String path) {
        super(path);
    }

    public NDArray forward(TraceSink sink, NDArray x) {
        Call c = begin(sink).in(x); // any shape
        return c.out(Activations.silu(x)); // same shape
    }
}
