package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;

/** The perceiver's {@code AttentionQKV}: heads split, softmax(q·kᵀ·scale)·v without a mask, heads merged. */
public class AttentionQKV extends Module {
    public final int n_heads;
    public final int head_dim;
    public final double scale;

    public AttentionQKV(String path, int nHeads, int headDim) {
        super(path);
        this.n_heads = nHeads;
        this.head_dim = headDim;
        this.scale = 1 / Math.sqrt(headDim);
    }

    /** q (B, Lq, C), k and v (B, Lk, C) → (B, Lq, C). */
    public NDArray forward(RunContext ctx, NDArray q, NDArray k, NDArray v) {
        Call c = begin(ctx).in(q).in("k", k).in("v", v);
        NDArray qh = split_heads(q); // (B, h, Lq, d)
        NDArray kh = split_heads(k); // (B, h, Lk, d)
        NDArray vh = split_heads(v); // (B, h, Lk, d)
        NDArray sim = qh.matMul(kh.transpose(0, 1, 3, 2)).mul((float) scale); // (B, h, Lq, Lk)
        NDArray out = sim.softmax(-1).matMul(vh); // (B, h, Lq, d)
        return c.out(combine_heads(out));
    }

    private NDArray split_heads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], n_heads, head_dim).transpose(0, 2, 1, 3);
    }

    private NDArray combine_heads(NDArray x) {
        long[] s = x.getShape().getShape(); // (B, h, L, d)
        return x.transpose(0, 2, 1, 3).reshape(s[0], s[2], s[1] * s[3]);
    }
}
