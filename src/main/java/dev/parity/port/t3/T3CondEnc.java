package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/** Upstream {@code T3CondEnc}: [speaker projection (1), perceiver summary (Q), exaggeration projection (1)]. */
public class T3CondEnc extends Module {
    public final Linear spkr_enc;
    public final Linear emotion_adv_fc;
    public final Perceiver perceiver;
    private final int speaker_embed_size;

    public T3CondEnc(String path, Weights w, T3Config cfg) {
        super(path);
        this.speaker_embed_size = cfg.hp().speaker_embed_size();
        spkr_enc = new Linear(child("spkr_enc"), w, speaker_embed_size, cfg.n_channels());
        emotion_adv_fc = new Linear(child("emotion_adv_fc"), w, 1, cfg.n_channels(), false);
        perceiver = new Perceiver(child("perceiver"), w, cfg.perceiver());
    }

    @Override
    public String moduleType() {
        return "T3CondEnc";
    }

    /**
     * @param cond the conditioning
     * @param cond_prompt_speech_emb (1, Np, D) the prompt's speech + position embeddings
     * @return (1, 1 + Q + 1, D)
     */
    public NDArray forward(RunContext ctx, T3Cond cond, NDArray cond_prompt_speech_emb) {
        Call c = begin(ctx).in("cond.speaker_emb", cond.speaker_emb())
                .in("cond.cond_prompt_speech_tokens", cond.cond_prompt_speech_tokens())
                .in("cond.cond_prompt_speech_emb", cond_prompt_speech_emb).in("cond.emotion_adv", cond.emotion_adv());
        NDArray cond_spkr = spkr_enc.forward(ctx, cond.speaker_emb().reshape(-1, speaker_embed_size))
                .expandDims(1); // (B, 1, D)
        NDArray prompt = perceiver.forward(ctx, cond_prompt_speech_emb); // (B, Q, D)
        NDArray cond_emotion_adv = emotion_adv_fc.forward(ctx, cond.emotion_adv().reshape(-1, 1, 1)); // (B, 1, D)
        return c.out(NDArrays.concat(new ai.djl.ndarray.NDList(cond_spkr, prompt, cond_emotion_adv), 1));
    }
}
