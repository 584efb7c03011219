package dev.parity.port.t3;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * T3's hyper-parameters: upstream {@code T3Config} ({@code hp}), the Llama backbone's config and the perceiver's
 * sizes. Names as upstream.
 *
 * @param hp the T3Config fields
 * @param llama the LlamaConfig fields T3 uses
 * @param perceiver the Perceiver constructor arguments
 */
public record T3Config(Hp hp, Llama llama, PerceiverConfig perceiver) {
    /** {@code T3Config} (english_only). */
    public record Hp(int start_text_token, int stop_text_token, int text_tokens_dict_size, int max_text_tokens,
            int start_speech_token, int stop_speech_token, int speech_tokens_dict_size, int max_speech_tokens,
            int speaker_embed_size, int speech_cond_prompt_len) {
    }

    /** The Llama fields T3 uses; {@code rope_*} are the "llama3" scaling parameters. */
    public record Llama(int hidden_size, int intermediate_size, int num_hidden_layers, int num_attention_heads,
            int num_key_value_heads, int head_dim, double rms_norm_eps, double rope_theta, double rope_factor,
            double rope_low_freq_factor, double rope_high_freq_factor, int rope_original_max_position_embeddings) {
    }

    /** {@code Perceiver(pre_attention_query_token, pre_attention_query_size, embedding_dim, num_attn_heads)}. */
    public record PerceiverConfig(int pre_attention_query_token, int pre_attention_query_size, int embedding_dim,
            int num_attn_heads) {
    }

    /** The released model: {@code T3Config.english_only()} with {@code Llama_520M}. */
    public static T3Config englishOnly() {
        return new T3Config(new Hp(255, 0, 704, 2048, 6561, 6562, 8194, 4096, 256, 150),
                new Llama(1024, 4096, 30, 16, 16, 64, 1e-5, 500000.0, 8.0, 1.0, 4.0, 8192),
                new PerceiverConfig(32, 1024, 1024, 4));
    }

    /** The {@code "model"} object of a T3 dump's {@code config.json} ({@code t3_config}, {@code llama}, {@code perceiver}). */
    public static T3Config fromJson(JsonNode model) {
        JsonNode t = require(model, "t3_config");
        JsonNode l = require(model, "llama");
        JsonNode p = require(model, "perceiver");
        JsonNode rs = require(l, "rope_scaling");
        if (!"llama3".equals(rs.path("rope_type").asText())) {
            throw new IllegalArgumentException("model.llama.rope_scaling.rope_type: only \"llama3\" is supported, got "
                    + rs.path("rope_type"));
        }
        Hp hp = new Hp(i(t, "start_text_token"), i(t, "stop_text_token"), i(t, "text_tokens_dict_size"),
                i(t, "max_text_tokens"), i(t, "start_speech_token"), i(t, "stop_speech_token"),
                i(t, "speech_tokens_dict_size"), i(t, "max_speech_tokens"), i(t, "speaker_embed_size"),
                i(t, "speech_cond_prompt_len"));
        int hidden = i(l, "hidden_size");
        int heads = i(l, "num_attention_heads");
        Llama llama = new Llama(hidden, i(l, "intermediate_size"), i(l, "num_hidden_layers"), heads,
                l.path("num_key_value_heads").asInt(heads), l.path("head_dim").asInt(hidden / heads),
                d(l, "rms_norm_eps"), d(l, "rope_theta"), d(rs, "factor"), d(rs, "low_freq_factor"),
                d(rs, "high_freq_factor"), i(rs, "original_max_position_embeddings"));
        if (llama.num_key_value_heads() != heads) {
            throw new IllegalArgumentException("model.llama: grouped key/value heads are not supported ("
                    + llama.num_key_value_heads() + " for " + heads + " heads)");
        }
        PerceiverConfig pc = new PerceiverConfig(i(p, "pre_attention_query_token"), i(p, "pre_attention_query_size"),
                i(p, "embedding_dim"), i(p, "num_attn_heads"));
        return new T3Config(hp, llama, pc);
    }

    /** {@code n_channels}: the model width (Llama hidden size). */
    public int n_channels() {
        return llama.hidden_size();
    }

    private static JsonNode require(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("model." + field + ": missing or not an object");
        }
        return v;
    }

    private static int i(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("model: field '" + field + "' missing or not an integer");
        }
        return v.asInt();
    }

    private static double d(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("model: field '" + field + "' missing or not a number");
        }
        return v.asDouble();
    }
}
