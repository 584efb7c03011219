package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * diffusers Attention, self-attention only: to_q/to_k/to_v (no bias), softmax(q·kᵀ·d^−½ + bias)·v per head,
 * to_out.0 (bias); the (B, 1, T) bias is added over keys (broadcast over heads and queries).
 */
public class Attention extends Module {
    final Linear to_q;
    final Linear to_k;
    final Linear to_v;
    final Linear to_out_0;
    public final int heads;
    public final int dim_head;
    public final double scale;

    public Attention(String path, Weights w, int queryDim, int heads, int dimHead) {
        super(path);
        this.heads = heads;
        this.dim_head = dimHead;
        this.scale = Math.pow(dimHead, -0.5);
        int inner = heads * dimHead;
        this.to_q = new Linear(child("to_q"), w, queryDim, inner, false);
        this.to_k = new Linear(child("to_k"), w, queryDim, inner, false);
        this.to_v = new Linear(child("to_v"), w, queryDim, inner, false);
        this.to_out_0 = new Linear(child("to_out.0"), w, inner, queryDim, true);
        OpCensus.attention(heads, dimHead);
    }

    public NDArray forward(RunContext ctx, NDArray hiddenStates, NDArray attentionMask) {
        Call c = begin(ctx).in(hiddenStates).in("attention_mask", attentionMask); // (B, T, C), (B, 1, T)
        long b = hiddenStates.getShape().get(0);
        NDArray q = heads(to_q.forward(ctx, hiddenStates), b); // (B, h, T, d)
        NDArray k = heads(to_k.forward(ctx, hiddenStates), b); // (B, h, T, d)
        NDArray v = heads(to_v.forward(ctx, hiddenStates), b); // (B, h, T, d)
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2))
                .mul(faulty(ctx, Fault.ATTENTION_SCALE_MISSING) ? 1 : scale)
                .add(bias(ctx, attentionMask).expandDims(1)); // (B, h, T, T)
        NDArray x = scores.softmax(-1).matMul(v); // (B, h, T, d)
        x = x.transpose(0, 2, 1, 3).reshape(b, -1, (long) heads * dim_head); // (B, T, h·d)
        return c.out(to_out_0.forward(ctx, x)); // (B, T, C)
    }

    /** The (B, 1, T) bias as given, or (fault injection) ignored or inverted (0 ↔ −1e10). */
    private NDArray bias(RunContext ctx, NDArray attentionMask) {
        if (faulty(ctx, Fault.ATTENTION_MASK_IGNORED)) {
            return attentionMask.zerosLike();
        }
        if (faulty(ctx, Fault.ATTENTION_MASK_INVERTED)) {
            return attentionMask.eq(0).toType(attentionMask.getDataType(), false).mul(-1e10);
        }
        return attentionMask;
    }

    private NDArray heads(NDArray x, long b) {
        return x.reshape(b, -1, heads, dim_head).transpose(0, 2, 1, 3); // (B, h, T, d)
    }
}
