package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/** {@code xvector.StatsPool}: [mean, unbiased standard deviation] over time. */
public final class StatsPool extends Module {
    public StatsPool(String path) {
        super(path);
    }

    /** (B, C, T) → (B, 2C). */
    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x);
        long t = x.getShape().get(2);
        NDArray mean = x.mean(new int[] {2}); // (B, C)
        NDArray std = x.sub(mean.expandDims(2)).square().sum(new int[] {2}).div(t - 1).sqrt(); // (B, C)
        return c.out(mean.concat(std, 1));
    }
}
