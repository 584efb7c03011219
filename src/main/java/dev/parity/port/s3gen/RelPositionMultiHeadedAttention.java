package dev.parity.port.s3gen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.NDArrays;
import dev.parity.port.nn.OpCensus;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * Multi-head self-attention with Transformer-XL relative positions: scores = ((q + u)·kᵀ + rel_shift((q + v)·pᵀ))
 * / √d_k, p = linear_pos(pos_emb); masked softmax; ·v; linear_out. Also returns new_cache = cat(k, v, −1).
 */
public class RelPositionMultiHeadedAttention extends Module {
    final Linear linear_q;
    final Linear linear_k;
    final Linear linear_v;
    final Linear linear_out;
    final Linear linear_pos;
    final NDArray pos_bias_u; // (h, d_k)
    final NDArray pos_bias_v; // (h, d_k)
    public final int h;
    public final int d_k;

    public RelPositionMultiHeadedAttention(String path, Weights w, int nHead, int nFeat) {
        super(path);
        this.h = nHead;
        this.d_k = nFeat / nHead;
        this.linear_q = new Linear(child("linear_q"), w, nFeat, nFeat);
        this.linear_k = new Linear(child("linear_k"), w, nFeat, nFeat);
        this.linear_v = new Linear(child("linear_v"), w, nFeat, nFeat);
        this.linear_out = new Linear(child("linear_out"), w, nFeat, nFeat);
        this.linear_pos = new Linear(child("linear_pos"), w, nFeat, nFeat, false);
        this.pos_bias_u = w.take(child("pos_bias_u"), nHead, d_k);
        this.pos_bias_v = w.take(child("pos_bias_v"), nHead, d_k);
        OpCensus.attention(nHead, d_k);
    }

    /** Returns {output, new_cache}. */
    public NDArray[] forward(RunContext ctx, NDArray query, NDArray key, NDArray value, NDArray mask,
            NDArray posEmb, NDArray cache) {
        Call c = begin(ctx).in(query).in("key", key).in("value", value).in("mask", mask).in("pos_emb", posEmb)
                .in("cache", cache); // (B, T, F) ×3, (B, 1, T) bool, (1, 2T−1, F), (0, 0, 0, 0)
        long b = query.getShape().get(0);
        NDArray q = linear_q.forward(ctx, query).reshape(b, -1, h, d_k); // (B, T, h, d_k)
        NDArray k = heads(linear_k.forward(ctx, key), b); // (B, h, T, d_k)
        NDArray v = heads(linear_v.forward(ctx, value), b); // (B, h, T, d_k)
        NDArray newCache = k.concat(v, 3); // (B, h, T, 2·d_k)
        NDArray p = heads(linear_pos.forward(ctx, posEmb), posEmb.getShape().get(0)); // (1, h, 2T−1, d_k)
        NDArray qU = q.add(pos_bias_u).transpose(0, 2, 1, 3); // (B, h, T, d_k)
        NDArray qV = q.add(pos_bias_v).transpose(0, 2, 1, 3); // (B, h, T, d_k)
        NDArray matrixAc = qU.matMul(k.transpose(0, 1, 3, 2)); // (B, h, T, T)
        NDArray matrixBd = relShift(qV.matMul(p.transpose(0, 1, 3, 2))); // (B, h, T, T)
        NDArray scores = matrixAc.add(matrixBd).div(Math.sqrt(d_k)); // (B, h, T, T)
        NDArray x = attend(ctx, v, scores, mask, b); // (B, T, F)
        c.out(x);
        c.out("1", newCache);
        return new NDArray[] {x, newCache};
    }

    private NDArray heads(NDArray x, long b) {
        return x.reshape(b, -1, h, d_k).transpose(0, 2, 1, 3); // (B, h, T, d_k)
    }

    /** bd[i, j] = bd_full[i, T−1−i+j]: pad a zero column, fold, drop the first row, keep T columns. */
    static NDArray relShift(NDArray x) {
        long[] s = x.getShape().getShape(); // (B, h, T, 2T−1)
        NDArray zero = x.getManager().zeros(new ai.djl.ndarray.types.Shape(s[0], s[1], s[2], 1), x.getDataType());
        NDArray padded = zero.concat(x, 3).reshape(s[0], s[1], s[3] + 1, s[2]); // (B, h, 2T, T)
        return padded.get(new NDIndex(":, :, 1:")).reshape(s) // (B, h, T, 2T−1)
                .get(new NDIndex(":, :, :, :{}", s[3] / 2 + 1)); // (B, h, T, T)
    }

    /** Masked softmax over keys, weighted sum of values, heads merged, linear_out. */
    private NDArray attend(RunContext ctx, NDArray v, NDArray scores, NDArray mask, long b) {
        NDArray keep = mask.expandDims(1); // (B, 1, 1, T) bool
        NDArray minusInf = NDArrays.where(keep, keep.zerosLike().toType(scores.getDataType(), false),
                scores.getManager().full(keep.getShape(), Float.NEGATIVE_INFINITY)); // (B, 1, 1, T): 0 or −inf
        NDArray attn = scores.add(minusInf).softmax(-1); // (B, h, T, T)
        attn = attn.mul(keep.toType(attn.getDataType(), false)); // masked_fill(~mask, 0)
        NDArray x = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, -1, h * d_k); // (B, T, F)
        return linear_out.forward(ctx, x);
    }
}
