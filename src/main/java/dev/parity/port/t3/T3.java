package dev.parity.port.t3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Embedding;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.TracedMethod;
import dev.parity.port.nn.Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream {@code T3}: conditioning, text and speech embeddings with learned positions, the Llama backbone and the
 * speech head, and {@code inference}, the token-by-token loop with CFG (batch row 0 conditional, row 1 without the
 * text tokens). Module paths are T3's state-dict prefixes; the root's own methods are traced as {@code t3.*()}.
 */
public class T3 extends Module {
    /** Trace owner of T3's methods ({@code t3.inference()}). */
    public static final String METHODS = "t3";
    public final T3Config hp;
    public final LlamaModel tfmr;
    public final T3CondEnc cond_enc;
    public final Embedding text_emb;
    public final Embedding speech_emb;
    public final LearnedPositionEmbeddings text_pos_emb;
    public final LearnedPositionEmbeddings speech_pos_emb;
    public final Linear text_head;
    public final Linear speech_head;
    private final TracedMethod inference = new TracedMethod(METHODS, "T3", "inference");
    private final TracedMethod prepare_input_embeds = new TracedMethod(METHODS, "T3", "prepare_input_embeds");
    private final TracedMethod prepare_conditioning = new TracedMethod(METHODS, "T3", "prepare_conditioning");
    private final TracedCall patched_model = new TracedCall("patched_model", "T3HuggingfaceBackend");

    /** What {@code T3.inference} returned, and generate's post-processing of it. */
    public record Output(long[] speech_tokens_raw, long[] speech_tokens, int steps, boolean stoppedOnEos) {
    }

    /** Builds T3 from {@code w} (every key of the released checkpoint; {@link Weights#finish()} is the caller's). */
    public T3(Weights w, T3Config cfg) {
        super("");
        this.hp = cfg;
        T3Config.Hp h = cfg.hp();
        int d = cfg.n_channels();
        tfmr = new LlamaModel("tfmr", w, cfg.llama(), 8);
        cond_enc = new T3CondEnc("cond_enc", w, cfg);
        text_emb = new Embedding("text_emb", w, h.text_tokens_dict_size(), d);
        speech_emb = new Embedding("speech_emb", w, h.speech_tokens_dict_size(), d);
        text_pos_emb = new LearnedPositionEmbeddings("text_pos_emb", w, h.max_text_tokens() + 2, d);
        speech_pos_emb = new LearnedPositionEmbeddings("speech_pos_emb", w, h.max_speech_tokens() + 4, d);
        text_head = new Linear("text_head", w, d, h.text_tokens_dict_size(), false);
        speech_head = new Linear("speech_head", w, d, h.speech_tokens_dict_size(), false);
    }

    @Override
    public String moduleType() {
        return "T3";
    }

    /** Prompt speech + position embeddings, then {@code cond_enc}: (1, 34, D) at full size. */
    public NDArray prepareConditioning(RunContext ctx, T3Cond cond) {
        Call c = prepare_conditioning.start(ctx);
        recordCond(c, cond);
        NDArray prompt = cond.cond_prompt_speech_tokens(); // (1, Np)
        NDArray emb = speech_emb.forward(ctx, prompt).add(speech_pos_emb.forward(ctx, prompt)); // (1, Np, D)
        return c.out(cond_enc.forward(ctx, cond, emb));
    }

    /**
     * @param text_tokens (B, Lt) int64, B = 2 with CFG
     * @param speech_tokens (B, 1) int64, the start token
     * @return (B, len_cond + Lt + 1, D)
     */
    public NDArray prepareInputEmbeds(RunContext ctx, T3Cond cond, NDArray text_tokens, NDArray speech_tokens,
            double cfg_weight) {
        Call c = prepare_input_embeds.start(ctx);
        recordCond(c, cond);
        c.in(text_tokens).in("speech_tokens", speech_tokens);
        NDArray cond_emb = prepareConditioning(ctx, cond); // (1, C, D)
        NDArray te = text_emb.forward(ctx, text_tokens); // (B, Lt, D)
        if (cfg_weight > 0.0) {
            te = zeroRow1(te);
        }
        NDArray se = speech_emb.forward(ctx, speech_tokens); // (B, 1, D)
        te = te.add(text_pos_emb.forward(ctx, text_tokens));
        se = se.add(speech_pos_emb.forward(ctx, speech_tokens));
        long b = te.getShape().get(0);
        cond_emb = cond_emb.broadcast(b, cond_emb.getShape().get(1), cond_emb.getShape().get(2));
        return c.out(NDArrays.concat(new NDList(cond_emb, te, se), 1));
    }

    /** {@code text_emb[1].zero_()}: the unconditional row loses its text token content. */
    private static NDArray zeroRow1(NDArray te) {
        long[] s = te.getShape().getShape();
        float[] mask = new float[Math.toIntExact(s[0])];
        mask[0] = 1;
        NDArray m = te.getManager().create(mask, new Shape(s[0], 1, 1));
        return te.mul(m);
    }

    private static void recordCond(Call c, T3Cond cond) {
        c.in("t3_cond.speaker_emb", cond.speaker_emb())
                .in("t3_cond.cond_prompt_speech_tokens", cond.cond_prompt_speech_tokens())
                .in("t3_cond.emotion_adv", cond.emotion_adv());
    }

    /**
     * {@code T3.inference}: prefill, then up to {@code max_new_tokens} sampling steps with the key/value cache.
     * Native memory: the run's arrays live in a sub-manager of {@code m}, each step's in its own, both closed here.
     *
     * @param text_tokens (B, Lt) integer ids, as generate passes them (start 255 and stop 0 included)
     */
    public Output inference(RunContext ctx, NDManager parent, T3Cond cond, NDArray text_tokens,
            GenerationSettings settings, TokenDraws draws) {
        try (NDManager m = parent.newSubManager(); DynamicCache past = new DynamicCache(m, tfmr.layers.size())) {
            Call c = inference.start(ctx);
            recordCond(c, cond);
            c.in(text_tokens);
            T3Config.Hp h = hp.hp();
            NDArray text = text_tokens.toType(DataType.INT64, false); // (B, Lt)
            long b = text.getShape().get(0);
            long[] starts = new long[Math.toIntExact(b)];
            java.util.Arrays.fill(starts, h.start_speech_token());
            NDArray initial = m.create(starts, new Shape(b, 1)); // (B, 1) start-of-speech
            NDArray embeds = prepareInputEmbeds(ctx, cond, text, initial, settings.cfg_weight());
            NDArray bos_token = m.create(new long[] {h.start_speech_token()}, new Shape(1, 1));
            NDArray bos_embed = speech_emb.forward(ctx, bos_token)
                    .add(speech_pos_emb.getFixedEmbedding(ctx, m, 0)); // (1, 1, D)
            bos_embed = NDArrays.concat(new NDList(bos_embed, bos_embed), 0); // (2, 1, D)
            NDArray inputs_embeds = NDArrays.concat(new NDList(embeds, bos_embed), 1); // (2, S, D)
            float[][] last = forwardLast(ctx, inputs_embeds, past);
            List<Long> generated_ids = new ArrayList<>(List.of((long) h.start_speech_token()));
            List<Long> predicted = new ArrayList<>();
            T3Sampler sampler = new T3Sampler(settings, draws, f -> ctx.faulty(f, inference.path()));
            boolean eos = false;
            int steps = Math.min(settings.max_new_tokens(), draws.available());
            for (int i = 0; i < steps && !eos; i++) {
                long next;
                try (NDManager step = m.newSubManager()) {
                    next = sampler.sample(ctx, step, i, last[0], last[1], generated_ids);
                }
                predicted.add(next);
                generated_ids.add(next);
                eos = next == h.stop_speech_token();
                if (!eos) {
                    last = step(ctx, m, next, i + 1, past);
                }
            }
            long[] raw = predicted.stream().mapToLong(Long::longValue).toArray();
            c.out(m.create(raw, new Shape(1, raw.length)));
            return new Output(raw, dropInvalidTokens(raw, h), raw.length, eos);
        }
    }

    /** Embeds token {@code t} at learned speech position {@code pos} for both rows and runs one cached pass. */
    private float[][] step(RunContext ctx, NDManager m, long t, int pos, DynamicCache past) {
        try (NDManager s = m.newSubManager()) {
            NDArray tok = s.create(new long[] {t}, new Shape(1, 1)); // (1, 1)
            NDArray e = speech_emb.forward(ctx, tok).add(speech_pos_emb.getFixedEmbedding(ctx, s, pos)); // (1, 1, D)
            return forwardLast(ctx, NDArrays.concat(new NDList(e, e), 0), past); // (2, 1, D)
        }
    }

    /**
     * {@code patched_model(inputs_embeds, past)}: backbone and speech head; returns both rows' logits at the last
     * position as float arrays (V each). Intermediates are freed; the cache keeps the new keys/values.
     */
    private float[][] forwardLast(RunContext ctx, NDArray inputs_embeds, DynamicCache past) {
        try (NDManager s = inputs_embeds.getManager().newSubManager()) {
            Call c = patched_model.start(ctx).in(inputs_embeds);
            inputs_embeds.tempAttach(s); // intermediates land in s, freed on return
            NDArray hidden = tfmr.forward(ctx, inputs_embeds, past); // (2, T, D)
            NDArray logits = ctx.tracing() ? speech_head.forward(ctx, hidden) // (2, T, V)
                    : speech_head.forward(ctx, hidden.get(new NDIndex(":, -1:"))); // only the last is used
            NDArray lastRow = logits.get(new NDIndex(":, -1, :")); // (2, V)
            return new float[][] {lastRow.get(0).toFloatArray(), lastRow.get(1).toFloatArray()};
        }
    }

    /**
     * generate's post-processing of row 0: keep what lies after a start token and before a stop token
     * ({@code drop_invalid_tokens}), then only ids below the start token (S3Gen's vocabulary).
     *
     * @throws IllegalArgumentException when the start token occurs twice (upstream fails there too)
     */
    public static long[] dropInvalidTokens(long[] raw, T3Config.Hp h) {
        int s = 0;
        int e = raw.length;
        int starts = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == h.start_speech_token()) {
                starts++;
                s = i + 1;
            }
        }
        for (int i = raw.length - 1; i >= 0; i--) {
            if (raw[i] == h.stop_speech_token()) {
                e = i;
            }
        }
        if (starts > 1) {
            throw new IllegalArgumentException("the sampled speech tokens hold the start token "
                    + h.start_speech_token() + " " + starts + " times; upstream drop_invalid_tokens fails on that");
        }
        List<Long> out = new ArrayList<>();
        for (int i = s; i < Math.max(s, e); i++) {
            if (raw[i] < h.start_speech_token()) {
                out.add(raw[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
