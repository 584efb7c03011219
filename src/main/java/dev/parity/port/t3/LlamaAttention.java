package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * transformers {@code LlamaAttention}: q, k, v projections (no bias), rotate-half RoPE on q and k, keys and values
 * appended to the cache (keys after RoPE), softmax(q·kᵀ/√d + causal mask)·v per head, heads merged, o_proj.
 */
public class LlamaAttention extends Module {
    public final Linear q_proj;
    public final Linear k_proj;
    public final Linear v_proj;
    public final Linear o_proj;
    public final int layer_idx;
    public final int num_heads;
    public final int head_dim;

    public LlamaAttention(String path, Weights w, T3Config.Llama cfg, int layerIdx) {
        super(path);
        int d = cfg.hidden_size();
        int hd = cfg.num_attention_heads() * cfg.head_dim();
        this.layer_idx = layerIdx;
        this.num_heads = cfg.num_attention_heads();
        this.head_dim = cfg.head_dim();
        q_proj = new Linear(child("q_proj"), w, d, hd, false);
        k_proj = new Linear(child("k_proj"), w, d, hd, false);
        v_proj = new Linear(child("v_proj"), w, d, hd, false);
        o_proj = new Linear(child("o_proj"), w, hd, d, false);
    }

    /**
     * @param x (B, T, D) normed hidden states
     * @param in the position arguments of this forward pass
     * @param cache keys and values of earlier positions; updated
     */
    public NDArray forward(RunContext ctx, NDArray x, LlamaDecoderLayer.Positions in, DynamicCache cache) {
        Call c = begin(ctx).in(x).in("position_ids", in.position_ids()).in("cache_position", in.cache_position())
                .in("position_embeddings.0", in.cos()).in("position_embeddings.1", in.sin());
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray q = heads(q_proj.forward(ctx, x), b, t); // (B, H, T, d)
        NDArray k = heads(k_proj.forward(ctx, x), b, t); // (B, H, T, d)
        NDArray v = heads(v_proj.forward(ctx, x), b, t); // (B, H, T, d)
        NDArray cos = in.cos().expandDims(1); // (1, 1, T, d)
        NDArray sin = in.sin().expandDims(1); // (1, 1, T, d)
        q = applyRotary(ctx, q, cos, sin);
        k = applyRotary(ctx, k, cos, sin);
        NDArray[] kv = cache.update(layer_idx, k, v); // (B, H, S, d) each
        NDArray attn = attend(q, kv[0], kv[1], t); // (B, H, T, d)
        NDArray merged = attn.transpose(0, 2, 1, 3).reshape(b, t, (long) num_heads * head_dim); // (B, T, H·d)
        return c.out(o_proj.forward(ctx, merged)); // (B, T, D)
    }

    private NDArray heads(NDArray y, long b, long t) {
        return y.reshape(b, t, num_heads, head_dim).transpose(0, 2, 1, 3);
    }

    /** x·cos + rotate_half(x)·sin; the interleaved-pairs layout only as an injected fault. */
    private NDArray applyRotary(RunContext ctx, NDArray x, NDArray cos, NDArray sin) {
        if (faulty(ctx, Fault.ROPE_INTERLEAVED)) {
            return interleaved(x, cos, sin);
        }
        int half = head_dim / 2;
        NDArray x1 = x.get(new NDIndex("..., :{}", half));
        NDArray x2 = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = x2.neg().concat(x1, -1); // [−x2, x1]
        return x.mul(cos).add(rotated.mul(sin));
    }

    /** Fault: pairs (x0, x1), (x2, x3), ... rotated by angle i, the GPT-J / Meta-checkpoint layout. */
    private NDArray interleaved(NDArray x, NDArray cos, NDArray sin) {
        int half = head_dim / 2;
        long[] s = x.getShape().getShape();
        NDArray pairs = x.reshape(s[0], s[1], s[2], half, 2); // (B, H, T, d/2, 2)
        NDArray even = pairs.get(new NDIndex("..., 0"));
        NDArray odd = pairs.get(new NDIndex("..., 1"));
        NDArray c = cos.get(new NDIndex("..., :{}", half));
        NDArray sn = sin.get(new NDIndex("..., :{}", half));
        NDArray re = even.mul(c).sub(odd.mul(sn));
        NDArray im = even.mul(sn).add(odd.mul(c));
        return re.expandDims(-1).concat(im.expandDims(-1), -1).reshape(s);
    }

    /** softmax(q·kᵀ/√d + mask)·v; the last {@code t} cached positions are the queries' own (causal among them). */
    private NDArray attend(NDArray q, NDArray k, NDArray v, long t) {
        long s = k.getShape().get(2);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(head_dim))); // (B, H, T, S)
        if (t > 1) {
            scores = scores.add(causalMask(q, t, s));
        }
        return scores.softmax(-1).matMul(v);
    }

    /** (T, S) 0 where key j ≤ past + i, float32 min elsewhere (transformers' causal mask). */
    private static NDArray causalMask(NDArray like, long t, long s) {
        long past = s - t;
        float[] m = new float[Math.toIntExact(t * s)];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < s; j++) {
                m[Math.toIntExact(i * s + j)] = j <= past + i ? 0f : -Float.MAX_VALUE;
            }
        }
        return like.getManager().create(m, new ai.djl.ndarray.types.Shape(t, s));
    }
}
