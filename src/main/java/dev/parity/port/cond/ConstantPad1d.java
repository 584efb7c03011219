package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Pad;
import dev.parity.port.nn.RunContext;

/** {@code torch.nn.ConstantPad1d((left, right), 0.0)} on the last axis. */
public final class ConstantPad1d extends Module {
    private final int left;
    private final int right;

    public ConstantPad1d(String path, int left, int right) {
        super(path);
        this.left = left;
        this.right = right;
    }

    /** (.., T) → (.., left + T + right). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        return c.out(Pad.constant(x, left, right, 0f));
    }
}
