package dev.parity.port.nn;

import ai.djl.ndarray.NDArray;

/** {@code torch.nn.GroupNorm} (DJL has none): biased variance per (batch, group), then a per-channel affine. */
public class GroupNorm extends Module {
    final NDArray weight; // (num_channels)
    final NDArray bias; // (num_channels)
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
    }

    public NDArray forward(TraceSink sink, NDArray x) {
        Call c = begin(sink).in(x); // (B, C, *)
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
        NDArray y = centered.div(var.add(eps).sqrt()).reshape(shape); // (B, C, *)
        long[] affine = new long[shape.dimension()];
        java.util.Arrays.fill(affine, 1);
        affine[1] = num_channels;
        return y.mul(weight.reshape(affine)).add(bias.reshape(affine));
    }
}
