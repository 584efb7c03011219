package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.List;

/**
 * diffusers Attention, self-attention only: to_q/to_k/to_v (no bias), softmax(q·kᵀ·d^−½ + bias)·v per head,
 * to_out.0 (bias); the (B, 1, T) bias is added over keys (broadcast over heads and queries); a null bias is all
 * zeros (nothing masked), whose addition changes no score and is skipped.
 *
 * <p>q, k and v come from one product with the three weights stacked, and a scale that is a power of two (d = 64:
 * 1/8) multiplies q instead of the scores: both are exact in float32, so the numbers are those of three products
 * and scaled scores, up to the summation order the GEMM picks for the wider product (bench/pipeline.md).
 */
public class Attention extends Module {
    final Linear to_q;
    final Linear to_k;
    final Linear to_v;
    final Linear to_out_0;
    public final int heads;
    public final int dim_head;
    public final double scale;
    private final Linear.Product stacked; // x·[W_q; W_k; W_v]ᵀ

    public Attention(String path, Weights w, int queryDim, int heads, int dimHead) {
        super(path);
        this.heads = heads;
        this.dim_head = dimHead;
        this.scale = Math.pow(dimHead, -0.5);
        int inner = heads * dimHead;
        NDArray qkv = w.stacked(List.of(child("to_q.weight"), child("to_k.weight"), child("to_v.weight")), inner,
                queryDim); // (3·h·d, C); the three layers hold views of its rows
        this.stacked = new Linear.Product(qkv, null);
        this.to_q = new Linear(child("to_q"), qkv.get(new NDIndex("0:{}", inner)));
        this.to_k = new Linear(child("to_k"), qkv.get(new NDIndex("{}:{}", inner, 2 * inner)));
        this.to_v = new Linear(child("to_v"), qkv.get(new NDIndex("{}:", 2 * inner)));
        this.to_out_0 = new Linear(child("to_out.0"), w, inner, queryDim, true);
        OpCensus.attention(heads, dimHead);
    }

    public NDArray forward(RunContext ctx, NDArray hiddenStates, NDArray attentionMask) {
        Call c = begin(ctx).in(hiddenStates).in("attention_mask", attentionMask); // (B, T, C), (B, 1, T)
        long b = hiddenStates.getShape().get(0);
        long t = hiddenStates.getShape().get(1);
        NDArray[] qkv = to_q.plain(ctx) && to_k.plain(ctx) && to_v.plain(ctx) ? stacked(ctx, hiddenStates, b, t)
                : new NDArray[] {heads(to_q.forward(ctx, hiddenStates), b, t), // a fault in a projection
                    heads(to_k.forward(ctx, hiddenStates), b, t), heads(to_v.forward(ctx, hiddenStates), b, t)};
        double s = faulty(ctx, Fault.ATTENTION_SCALE_MISSING) ? 1 : scale;
        boolean exact = s == Math.scalb(1.0, Math.getExponent(s)); // a power of two scales every sum exactly
        NDArray scores = (exact ? qkv[0].mul(s) : qkv[0]).matMul(qkv[1].transpose(0, 2, 1)); // (B·h, T, T)
        scores = (exact ? scores : scores.mul(s)).reshape(b, heads, t, t); // (B, h, T, T)
        scores = attentionMask == null ? scores : scores.add(bias(ctx, attentionMask).expandDims(1));
        NDArray x = scores.softmax(-1).reshape(b * heads, t, t).matMul(qkv[2]); // (B·h, T, d)
        x = x.reshape(b, heads, t, dim_head).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * dim_head);
        return c.out(to_out_0.forward(ctx, x)); // (B, T, C)
    }

    /**
     * q, k and v, each (B·h, T, d), from one product with the three weights stacked (one pass over the input
     * instead of three) and one copy into head order. When tracing, the three calls are recorded as to_q/to_k/to_v
     * calls with their (B, T, h·d) slices, and what a stage swap feeds in place of one of them is used instead.
     */
    private NDArray[] stacked(RunContext ctx, NDArray hiddenStates, long b, long t) {
        int inner = heads * dim_head;
        NDArray y = stacked.apply(hiddenStates); // (B, T, 3·h·d)
        if (ctx.tracing()) {
            Linear[] projections = {to_q, to_k, to_v};
            NDArray[] parts = new NDArray[3];
            boolean fed = false;
            for (int i = 0; i < 3; i++) {
                NDArray part = y.get(new NDIndex(":, :, {}:{}", i * inner, (i + 1) * inner)); // (B, T, h·d)
                parts[i] = projections[i].recorded(ctx, hiddenStates, part);
                fed |= parts[i] != part;
            }
            if (fed) {
                return new NDArray[] {heads(parts[0], b, t), heads(parts[1], b, t), heads(parts[2], b, t)};
            }
        }
        NDArray split = y.reshape(b, t, 3, heads, dim_head).transpose(2, 0, 3, 1, 4)
                .reshape(3 * b * heads, t, dim_head); // (3·B·h, T, d), a copy in head order
        long bh = b * heads;
        return new NDArray[] {split.get(new NDIndex("0:{}", bh)), split.get(new NDIndex("{}:{}", bh, 2 * bh)),
            split.get(new NDIndex("{}:", 2 * bh))};
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

    /** (B, T, h·d) → (B·h, T, d). */
    private NDArray heads(NDArray x, long b, long t) {
        return x.reshape(b, t, heads, dim_head).transpose(0, 2, 1, 3).reshape(b * heads, t, dim_head);
    }
}
