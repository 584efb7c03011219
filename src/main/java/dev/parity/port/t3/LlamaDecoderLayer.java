package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** transformers {@code LlamaDecoderLayer} (pre-norm): h + attn(norm₁(h)), then h + mlp(norm₂(h)). */
public class LlamaDecoderLayer extends Module {
    public final LlamaRMSNorm input_layernorm;
    public final LlamaAttention self_attn;
    public final LlamaRMSNorm post_attention_layernorm;
    public final LlamaMLP mlp;

    /**
     * The position arguments every layer receives in one forward pass.
     *
     * @param position_ids (1, T) int64
     * @param cache_position (T) int64
     * @param cos (1, T, head_dim)
     * @param sin (1, T, head_dim)
     */
    public record Positions(NDArray position_ids, NDArray cache_position, NDArray cos, NDArray sin) {
    }

    public LlamaDecoderLayer(String path, Weights w, T3Config.Llama cfg, int layerIdx) {
        super(path);
        input_layernorm = new LlamaRMSNorm(child("input_layernorm"), w, cfg.hidden_size(), cfg.rms_norm_eps());
        self_attn = new LlamaAttention(child("self_attn"), w, cfg, layerIdx);
        post_attention_layernorm = new LlamaRMSNorm(child("post_attention_layernorm"), w, cfg.hidden_size(),
                cfg.rms_norm_eps());
        mlp = new LlamaMLP(child("mlp"), w, cfg);
    }

    public NDArray forward(RunContext ctx, NDArray h, Positions in, DynamicCache cache) {
        Call c = begin(ctx).in(h).in("position_ids", in.position_ids()).in("cache_position", in.cache_position())
                .in("position_embeddings.0", in.cos()).in("position_embeddings.1", in.sin()); // h (B, T, D)
        NDArray residual = h;
        NDArray x = self_attn.forward(ctx, input_layernorm.forward(ctx, h), in, cache);
        h = residual.add(x);
        residual = h;
        x = mlp.forward(ctx, post_attention_layernorm.forward(ctx, h));
        return c.out(residual.add(x)); // (B, T, D)
    }
}
