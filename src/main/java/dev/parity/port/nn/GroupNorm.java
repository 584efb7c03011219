package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.GroupNorm} (DJL has none): biased variance per (batch, group), then a per-channel affine. */
public class GroupNorm extends Module {
    final NDArray weight; // (num_channels)
    final NDArray bias; // (num_channels)
    final NDArray weightColumn; // (num_channels, 1)
    final NDArray biasColumn; // (num_channels, 1)
    public final int num_groups;
    public final int num_channels;
    public final double eps;

    public GroupNorm(String path, Weights w, int numGroups, int numChannels, double eps) {
        super(path);
        this.num_groups = numGroups;
        this.num_channels = numChannels;
        this.eps = eps;
        this.weight = w.take(child("weight"), numChannels);
        this.bias = w.take(child("bias"), numChannels);
        this.weightColumn = weight.reshape(numChannels, 1);
        this.biasColumn = bias.reshape(numChannels, 1);
    }

    public NDArray forward(RunContext ctx, NDArray x) {
        Call c = begin(ctx).in(x); // (B, C, *)
        return c.out(apply(x)); // (B, C, *)
    }

    /** The computation without tracing. */
    public NDArray apply(NDArray x) {
        ai.djl.ndarray.types.Shape shape = x.getShape();
        long b = shape.get(0);
        NDArray g = x.reshape(b, num_groups, -1); // (B, G, C/G·*)
        NDArray mean = g.mean(new int[] {2}, true); // (B, G, 1)
        NDArray centered = g.sub(mean);
        NDArray var = centered.square().mean(new int[] {2}, true); // (B, G, 1)
        NDArray y = centered.div(var.add(eps).sqrt()).reshape(b, num_channels, -1); // (B, C, *)
        return y.mul(weightColumn).add(biasColumn).reshape(shape); // (B, C, *)
    }
}
