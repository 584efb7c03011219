package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.parity.port.nn.Embedding;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.Scopes;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers {@code LlamaModel} ({@code tfmr}) fed {@code inputs_embeds}: absolute positions continue after the
 * cache, rotary tables once per pass, the decoder layers, the final norm. Its output (the normed last hidden state)
 * is what T3's speech head reads. {@code embed_tokens} is loaded (the checkpoint holds it) but never used.
 */
public class LlamaModel extends Module {
    public final Embedding embed_tokens;
    public final List<LlamaDecoderLayer> layers = new ArrayList<>();
    public final LlamaRMSNorm norm;
    public final LlamaRotaryEmbedding rotary_emb;
    public final T3Config.Llama config;

    public LlamaModel(String path, Weights w, T3Config.Llama cfg, int vocabSize) {
        super(path);
        this.config = cfg;
        embed_tokens = new Embedding(child("embed_tokens"), w, vocabSize, cfg.hidden_size());
        for (int i = 0; i < cfg.num_hidden_layers(); i++) {
            layers.add(new LlamaDecoderLayer(child("layers." + i), w, cfg, i));
        }
        norm = new LlamaRMSNorm(child("norm"), w, cfg.hidden_size(), cfg.rms_norm_eps());
        rotary_emb = new LlamaRotaryEmbedding(child("rotary_emb"), w.manager(), cfg);
    }

    @Override
    public String moduleType() {
        return "LlamaModel";
    }

    /**
     * One forward pass over {@code T} new positions.
     *
     * @param inputs_embeds (B, T, D)
     * @param cache keys/values of the positions before; updated
     * @return the normed last hidden state (B, T, D)
     */
    public NDArray forward(RunContext ctx, NDArray inputs_embeds, DynamicCache cache) {
        Call c = begin(ctx).in(inputs_embeds);
        NDManager m = inputs_embeds.getManager();
        long t = inputs_embeds.getShape().get(1);
        long past = faulty(ctx, Fault.POSITION_IDS_RESTART) ? 0 : cache.seqLength();
        NDArray cache_position = m.arange(past, past + t, 1, DataType.INT64); // (T)
        NDArray position_ids = cache_position.expandDims(0); // (1, T)
        NDList cs = rotary_emb.forward(ctx, inputs_embeds, position_ids); // cos, sin (1, T, d)
        LlamaDecoderLayer.Positions pos = new LlamaDecoderLayer.Positions(position_ids, cache_position, cs.get(0),
                cs.get(1));
        List<NDArray> hidden_states = new ArrayList<>();
        NDArray h = inputs_embeds;
        for (LlamaDecoderLayer layer : layers) {
            hidden_states.add(h);
            h = Scopes.scoped(h, x -> layer.forward(ctx, x, pos, cache)); // a layer's intermediates freed on return
        }
        h = norm.forward(ctx, h);
        hidden_states.add(h);
        NDArray out = c.out(h);
        for (int i = 0; i < layers.size(); i++) {
            if (ctx.tracing()) {
                c.out("past_key_values." + i + ".key", cache.key(i, m));
                c.out("past_key_values." + i + ".value", cache.value(i, m));
            }
        }
        for (int i = 0; i < hidden_states.size(); i++) {
            c.out("hidden_states." + i, hidden_states.get(i));
        }
        return out;
    }
}
