package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.ReflectionPad1d((left, right))} on the last axis. */
public class ReflectionPad1d extends Module {
    public final int left;
    public final int right;

    public ReflectionPad1d(String path, int left, int right) {
        super(path);
        this.left = left;
        this.right = right;
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, C, T)
        return c.out(Pad.reflect(x, left, right)); // (B, C, left + T + right)
    }
}
