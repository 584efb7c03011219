package dev.parity.localize;

import java.util.Locale;

/**
 * The catalog of faults a port can be made to commit on purpose ({@code parity run --inject-fault NAME[@MODULE]}),
 * each one a mistake seen in real ports. {@link #defaultModule} is where it is injected when no module is named; a
 * diagnosis of the resulting run must name that module as the culprit ({@link #level} says whether that is one
 * module or a stage-level call such as the ODE solver or the top-level inference).
 */
public enum Fault {
    CONV_TRANSPOSED("conv-weight-transposed", "conv weight read with in/out channels swapped",
            Level.MODULE, "flow.encoder.pre_lookahead_layer.conv1"),
    WEIGHTS_AT_INIT("weights-at-init", "a submodule's weights left at their initial (random) values",
            Level.MODULE, "flow.encoder_proj"),
    MEL_TRANSFORM("mel-transform", "invented mel transform mel·0.75 − 5 before the vocoder",
            Level.STAGE, "s3gen.inference()"),
    LAYERNORM_EPS("layernorm-eps", "LayerNorm eps 1e-12 where upstream uses 1e-5 (or the reverse)",
            Level.MODULE, "flow.encoder.embed.out.1"),
    ATTENTION_SCALE_MISSING("attention-scale-missing", "attention scores not multiplied by head_dim^-0.5",
            Level.MODULE, "flow.decoder.estimator.mid_blocks.0.1.0.attn1"),
    ATTENTION_MASK_IGNORED("attention-mask-ignored", "attention mask/bias not applied",
            Level.MODULE, "flow.decoder.estimator.mid_blocks.0.1.0.attn1"),
    ATTENTION_MASK_INVERTED("attention-mask-inverted", "attention mask inverted (bias −1e10 on valid keys)",
            Level.MODULE, "flow.decoder.estimator.mid_blocks.0.1.0.attn1"),
    SKIP_CONCAT_SWAPPED("skip-concat-swapped", "U-Net skip concatenated as cat(skip, x) instead of cat(x, skip)",
            Level.MODULE, "flow.decoder.estimator"),
    CFG_MIXES_CONDITIONS("cfg-mixes-conditions", "CFG mixes the conditions instead of the velocities",
            Level.STAGE, "flow.decoder.solve_euler()"),
    FLOAT16_DECODER("float16-decoder", "the flow decoder computed in float16", Level.STAGE, "flow.decoder"),
    TIME_EMBEDDING_SWAPPED("time-embedding-sin-cos-swapped", "sinusoidal time embedding as [cos, sin]",
            Level.MODULE, "flow.decoder.estimator.time_embeddings"),
    CONV_TRANSPOSE_PADDING("conv-transpose-padding", "ConvTranspose1d padding off by one",
            Level.MODULE, "mel2wav.ups.0"),
    ISTFT_SUM_W("istft-normalized-by-sum-w", "iSTFT overlap-add divided by Σw instead of Σw²",
            Level.MODULE, "mel2wav._istft()");

    /** Whether the culprit is one module or a stage-level call. */
    public enum Level { MODULE, STAGE }

    private final String id;
    private final String description;
    private final Level level;
    private final String defaultModule;

    Fault(String id, String description, Level level, String defaultModule) {
        this.id = id;
        this.description = description;
        this.level = level;
        this.defaultModule = defaultModule;
    }

    /** The command-line name, e.g. {@code attention-scale-missing}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Level level() {
        return level;
    }

    public String defaultModule() {
        return defaultModule;
    }

    /** The fault named {@code id} (case-insensitive; underscores allowed for dashes). */
    public static Fault parse(String id) {
        String n = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fault f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + id + "'; known: " + String.join(", ",
                java.util.Arrays.stream(values()).map(Fault::id).toList()));
    }
}
