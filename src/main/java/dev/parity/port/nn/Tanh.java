package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.Tanh}. */
public class Tanh extends Module {
    public Tanh(String path) {
        super(path);
    }

    public NDArray forward(TraceSink sink, NDArray x) {
        Call c = begin(sink).in(x); // any shape
        return c.out(x.tanh()); // same shape
    }
}
