package dev.parity.port.s3gen;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyper-parameters of the S3Gen flow, read from a run's {@code config.json "model"} section; every absent
 * field takes the real full-size value. Settings the port does not implement are refused with a message.
 */
public record FlowConfig(Flow flow, Encoder encoder, Estimator estimator, Cfm cfm) {

    /** {@code model.flow}: CausalMaskedDiffWithXvec. */
    public record Flow(int input_size, int output_size, int spk_embed_dim, int vocab_size, int token_mel_ratio,
            int pre_lookahead_len) {
    }

    /** {@code model.encoder}: UpsampleConformerEncoder. */
    public record Encoder(int input_size, int output_size, int attention_heads, int linear_units, int num_blocks,
            int num_up_blocks, int pre_lookahead_len, int pre_lookahead_channels, int up_layer_channels,
            int up_stride) {
    }

    /** {@code model.estimator}: ConditionalDecoder. */
    public record Estimator(int in_channels, int out_channels, List<Integer> channels, int attention_head_dim,
            int n_blocks, int num_mid_blocks, int num_heads) {
    }

    /** {@code model.cfm}: CausalConditionalCFM. */
    public record Cfm(int spk_emb_dim, double inference_cfg_rate, String t_scheduler, String solver) {
    }

    /** The real full-size configuration. */
    public static FlowConfig fullSize() {
        return fromJson(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /** Reads {@code model}; absent fields are full size. */
    public static FlowConfig fromJson(JsonNode model) {
        JsonNode f = model.path("flow");
        JsonNode e = model.path("encoder");
        JsonNode d = model.path("estimator");
        JsonNode c = model.path("cfm");
        requireText(e, "pos_enc_layer_type", "rel_pos_espnet");
        requireText(e, "selfattention_layer_type", "rel_selfattn");
        requireText(e, "input_layer", "linear");
        requireText(e, "activation_type", "swish");
        requireBool(e, "normalize_before", true);
        requireBool(e, "use_cnn_module", false);
        requireBool(e, "macaron_style", false);
        requireBool(e, "key_bias", true);
        requireBool(d, "causal", true);
        requireText(d, "act_fn", "gelu");
        requireText(c, "t_scheduler", "cosine");
        requireText(c, "solver", "euler");
        FlowConfig cfg = new FlowConfig(
                new Flow(i(f, "input_size", 512), i(f, "output_size", 80), i(f, "spk_embed_dim", 192),
                        i(f, "vocab_size", 6561), i(f, "token_mel_ratio", 2), i(f, "pre_lookahead_len", 3)),
                new Encoder(i(e, "input_size", 512), i(e, "output_size", 512), i(e, "attention_heads", 8),
                        i(e, "linear_units", 2048), i(e, "num_blocks", 6), i(e, "num_up_blocks", 4),
                        i(e, "pre_lookahead_len", 3), i(e, "pre_lookahead_channels", 512),
                        i(e, "up_layer_channels", 512), i(e, "up_stride", 2)),
                new Estimator(i(d, "in_channels", 320), i(d, "out_channels", 80), ints(d, "channels", 256),
                        i(d, "attention_head_dim", 64), i(d, "n_blocks", 4), i(d, "num_mid_blocks", 12),
                        i(d, "num_heads", 8)),
                new Cfm(i(c, "spk_emb_dim", 80), c.path("inference_cfg_rate").asDouble(0.7), "cosine", "euler"));
        cfg.check();
        return cfg;
    }

    private void check() {
        if (estimator.channels().size() != 1) {
            throw new IllegalArgumentException("model.estimator.channels: only one level is supported, got "
                    + estimator.channels());
        }
        if (encoder.output_size() % encoder.attention_heads() != 0) {
            throw new IllegalArgumentException("model.encoder.output_size " + encoder.output_size()
                    + " is not a multiple of attention_heads " + encoder.attention_heads());
        }
        int in = 2 * flow.output_size() + cfm.spk_emb_dim() + flow.output_size();
        if (estimator.in_channels() != in) {
            throw new IllegalArgumentException("model.estimator.in_channels: expected " + in
                    + " (x, mu, spks, cond), got " + estimator.in_channels());
        }
    }

    private static int i(JsonNode n, String field, int dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.canConvertToInt()) {
            throw new IllegalArgumentException("model field '" + field + "': expected an integer, got " + v);
        }
        return v.asInt();
    }

    private static List<Integer> ints(JsonNode n, String field, int dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return List.of(dflt);
        }
        List<Integer> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asInt()));
        return List.copyOf(out);
    }

    private static void requireText(JsonNode n, String field, String supported) {
        JsonNode v = n.get(field);
        if (v != null && !v.isNull() && !v.asText().equals(supported)) {
            throw new IllegalArgumentException("model field '" + field + "': only '" + supported
                    + "' is supported, got '" + v.asText() + "'");
        }
    }

    private static void requireBool(JsonNode n, String field, boolean supported) {
        JsonNode v = n.get(field);
        if (v != null && !v.isNull() && v.asBoolean() != supported) {
            throw new IllegalArgumentException("model field '" + field + "': only " + supported
                    + " is supported, got " + v);
        }
    }
}
