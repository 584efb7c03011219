package dev.parity.port.cond;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sizes of the conditioning models, named as upstream: the S3 tokenizer's {@code ModelConfig} and CAMPPlus's
 * constructor arguments (the VoiceEncoder has one size). {@link #fullSize()} is what Chatterbox builds.
 */
public record CondConfig(Tokenizer tokenizer, Campplus campplus) {
    /** {@code s3tokenizer.model_v2.ModelConfig} (n_audio_ctx and n_codebook_size are fixed by the code path). */
    public record Tokenizer(int n_mels, int n_audio_state, int n_audio_head, int n_audio_layer) {
        public Tokenizer {
            if (n_audio_head <= 0 || n_audio_state % n_audio_head != 0) {
                throw new IllegalArgumentException("n_audio_state " + n_audio_state + " is not a multiple of "
                        + "n_audio_head " + n_audio_head);
            }
        }

        public int headDim() {
            return n_audio_state / n_audio_head;
        }
    }

    /** {@code CAMPPlus(feat_dim, embedding_size, growth_rate, bn_size, init_channels)}. */
    public record Campplus(int feat_dim, int embedding_size, int growth_rate, int bn_size, int init_channels) {
    }

    /** speech_tokenizer_v2_25hz and CAMPPlus() as Chatterbox builds them. */
    public static CondConfig fullSize() {
        return new CondConfig(new Tokenizer(128, 1280, 20, 6), new Campplus(80, 192, 32, 4, 128));
    }

    /** From {@code config.json "model"} of a conditioning dump ({@code tokenizer}, {@code campplus}). */
    public static CondConfig fromJson(JsonNode model) {
        JsonNode t = model.path("tokenizer");
        JsonNode c = model.path("campplus");
        return new CondConfig(new Tokenizer(need(t, "n_mels"), need(t, "n_audio_state"), need(t, "n_audio_head"),
                need(t, "n_audio_layer")), new Campplus(need(c, "feat_dim"), need(c, "embedding_size"),
                need(c, "growth_rate"), need(c, "bn_size"), need(c, "init_channels")));
    }

    private static int need(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("model: '" + field + "' must be a whole number, found " + v);
        }
        return v.asInt();
    }
}
