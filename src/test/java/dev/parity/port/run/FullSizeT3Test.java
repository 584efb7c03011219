package dev.parity.port.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.port.nn.RunContext;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.T3Config;
import dev.parity.port.t3.TokenDraws;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real T3 hyper-parameters ({@code T3Config.english_only()}, Llama_520M) against the released checkpoint's key
 * listing: every key and shape of the tsv except decoder layers 1–29 (the test builds one decoder layer; the
 * benchmark {@code T3Bench} loads all 30), random values; every key is taken with its listed shape, and the model
 * generates.
 */
class FullSizeT3Test {
    @TempDir
    static Path tmp;
    static Path checkpoint;
    static Set<String> written;
    static T3Config oneLayer;

    @BeforeAll
    static void write() throws Exception {
        List<FullSizeCheckpoint.Row> rows = FullSizeT3Checkpoint.rows();
        assertEquals(292, rows.size(), "the released t3_cfg.safetensors has 292 tensors");
        assertEquals(532_405_248L, rows.stream().mapToLong(r -> FullSizeT3Checkpoint.numel(r.shape())).sum());
        checkpoint = tmp.resolve("t3-one-layer.safetensors");
        java.util.function.Predicate<String> keep = k -> !k.matches("tfmr\\.layers\\.([1-9]|[12][0-9])\\..*");
        FullSizeT3Checkpoint.write(checkpoint, rows, keep, 3);
        written = rows.stream().map(FullSizeCheckpoint.Row::key).filter(keep).collect(Collectors.toSet());
        T3Config full = T3Config.englishOnly();
        T3Config.Llama l = full.llama();
        oneLayer = new T3Config(full.hp(), new T3Config.Llama(l.hidden_size(), l.intermediate_size(), 1,
                l.num_attention_heads(), l.num_key_value_heads(), l.head_dim(), l.rms_norm_eps(), l.rope_theta(),
                l.rope_factor(), l.rope_low_freq_factor(), l.rope_high_freq_factor(),
                l.rope_original_max_position_embeddings()), full.perceiver());
    }

    /** Text (2, Lt) with start/stop tokens, a unit-norm non-negative speaker embedding, Np prompt tokens. */
    static T3Inputs inputs(int nText, int nPrompt, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] text = new long[2 * (nText + 2)];
        for (int row = 0; row < 2; row++) {
            int o = row * (nText + 2);
            text[o] = 255;
            for (int i = 1; i <= nText; i++) {
                text[o + i] = 1 + r.nextInt(254);
            }
        }
        float[] spk = new float[256];
        double norm = 0;
        for (int i = 0; i < spk.length; i++) {
            spk[i] = (float) Math.abs(r.nextGaussian());
            norm += spk[i] * spk[i];
        }
        for (int i = 0; i < spk.length; i++) {
            spk[i] /= (float) Math.sqrt(norm);
        }
        long[] prompt = r.longs(nPrompt, 0, 6561).toArray();
        return new T3Inputs(Tensor.ofLongs(new Shape(2, nText + 2), text), Tensor.ofFloats(new Shape(1, 256), spk),
                Tensor.ofLongs(new Shape(1, nPrompt), prompt), Tensor.ofFloats(new Shape(1, 1, 1), 0.5f));
    }

    @Test
    void takesEveryListedKeyWithItsShapeAndGenerates() {
        try (T3Pipeline p = T3Pipeline.load(oneLayer, checkpoint)) {
            assertEquals(written, p.usedKeys());
            assertEquals(Set.of(), p.unusedKeys());
            GenerationSettings s = GenerationSettings.generateDefaults().withMaxNewTokens(3);
            T3Pipeline.Result r = p.run(inputs(20, 150, 1), s, TokenDraws.seeded(1), RunContext.OFF);
            assertTrue(r.speech_tokens_raw().length >= 1 && r.speech_tokens_raw().length <= 3);
            for (long t : r.speech_tokens_raw()) {
                assertTrue(t >= 0 && t < 8194, "token " + t);
            }
        }
    }

    @Test
    void badInputNamesTheProblem() {
        try (T3Pipeline p = T3Pipeline.load(oneLayer, checkpoint)) {
            GenerationSettings s = GenerationSettings.generateDefaults().withMaxNewTokens(1);
            T3Inputs ok = inputs(4, 3, 2);
            T3Inputs text = new T3Inputs(Tensor.ofLongs(new Shape(2, 3), 255, 704, 0, 255, 704, 0), ok.speaker_emb(),
                    ok.cond_prompt_speech_tokens(), ok.emotion_adv());
            T3Inputs speech = new T3Inputs(ok.text_tokens(), ok.speaker_emb(), Tensor.ofLongs(new Shape(1, 2), 1, 8194),
                    ok.emotion_adv());
            T3Inputs speaker = new T3Inputs(ok.text_tokens(), Tensor.ofFloats(new Shape(1, 192), new float[192]),
                    ok.cond_prompt_speech_tokens(), ok.emotion_adv());
            for (var c : List.of(List.of(text, "text_tokens: id 704"), List.of(speech, "id 8194"),
                    List.of(speaker, "speaker_emb: expected 256"))) {
                var e = assertThrows(IllegalArgumentException.class, () -> p.run((T3Inputs) c.get(0), s,
                        TokenDraws.seeded(1), RunContext.OFF));
                assertTrue(e.getMessage().contains((String) c.get(1)), e.getMessage());
            }
        }
    }
}
