package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** Upstream {@code Perceiver}: the learned queries cross-attend to the prompt, then self-attend (one block, twice). */
public class Perceiver extends Module {
    final NDArray pre_attention_query; // (1, Q, C)
    public final AttentionBlock2 attn;

    public Perceiver(String path, Weights w, T3Config.PerceiverConfig cfg) {
        super(path);
        pre_attention_query = w.take(child("pre_attention_query"), 1, cfg.pre_attention_query_token(),
                cfg.pre_attention_query_size());
        attn = new AttentionBlock2(child("attn"), w, cfg.embedding_dim(), cfg.num_attn_heads());
    }

    /** h (B, Np, C) → (B, Q, C). */
    public NDArray forward(RunContext ctx, NDArray h) {
        Call c = begin(ctx).in(h);
        long b = h.getShape().get(0);
        long[] qs = pre_attention_query.getShape().getShape();
        NDArray query_ = pre_attention_query.broadcast(b, qs[1], qs[2]); // (B, Q, C)
        query_.attach(h.getManager()); // a run's array, not a parameter
        NDArray pre_att = attn.forward(ctx, query_, h);
        return c.out(attn.forward(ctx, pre_att, pre_att));
    }
}
