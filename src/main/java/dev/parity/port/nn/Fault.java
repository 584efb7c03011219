package dev.parity.port.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * Mistakes the port can be made to commit on purpose (fault injection), each one seen in real ports. Which
 * module a fault is put in is the {@link FaultPlan}'s business; the modules that can commit a fault ask
 * {@link Module#faulty(RunContext, Fault)} with the context of the call.
 */
public enum Fault {
    CONV_TRANSPOSED("conv-weight-transposed", "Conv1d weight read with in/out channels swapped"),
    WEIGHTS_AT_INIT("weights-at-init", "Linear weights left at their initial (random) values"),
    MEL_TRANSFORM("mel-transform", "invented mel transform mel·0.75 − 5 before the vocoder"),
    LAYERNORM_EPS("layernorm-eps", "LayerNorm eps 1e-12 where upstream uses 1e-5 (and 1e-5 for 1e-12)"),
    ATTENTION_SCALE_MISSING("attention-scale-missing", "attention scores not multiplied by head_dim^-0.5"),
    ATTENTION_MASK_IGNORED("attention-mask-ignored", "attention mask/bias not applied"),
    ATTENTION_MASK_INVERTED("attention-mask-inverted", "attention bias inverted (−1e10 on valid keys)"),
    SKIP_CONCAT_SWAPPED("skip-concat-swapped", "U-Net skip concatenated as cat(skip, x) instead of cat(x, skip)"),
    CFG_MIXES_CONDITIONS("cfg-mixes-conditions", "CFG mixes the conditions (1.7·mu, ...) instead of the velocities"),
    FLOAT16_DECODER("float16-decoder", "the flow decoder's state, conditions and velocities held in float16"),
    TIME_EMBEDDING_SWAPPED("time-embedding-sin-cos-swapped", "sinusoidal time embedding as [cos, sin]"),
    CONV_TRANSPOSE_PADDING("conv-transpose-padding", "ConvTranspose1d padding off by one (p − 1)"),
    ISTFT_SUM_W("istft-normalized-by-sum-w", "iSTFT overlap-add divided by Σw instead of Σw²"),
    LSTM_GATES_TF_ORDER("lstm-gates-tf-order", "LSTM gate rows read in TensorFlow order (i, g, f, o) instead of (i, f, g, o)"),
    BATCHNORM_TRAINING("batchnorm-training-mode", "BatchNorm normalises with the batch statistics (training mode)"),
    PREEMPHASIS_MISSING("fbank-preemphasis-missing", "Kaldi fbank without the 0.97 pre-emphasis"),
    STFT_NOT_CENTRED("stft-not-centred", "STFT frames not centred (no reflect padding of n_fft/2)"),
    FSQ_ROUND_HALF_UP("fsq-round-half-up", "FSQ rounds halves up (floor(x + 0.5)) instead of to even"),
    RESAMPLER_SWAPPED("resampler-swapped", "torchaudio's windowed-sinc resampler replaced by librosa's soxr HQ"),
    ROPE_WITHOUT_LLAMA3_SCALING("rope-without-llama3-scaling", "RoPE frequencies θ^(−2i/d) without llama3 scaling"),
    ROPE_INTERLEAVED("rope-interleaved", "RoPE rotates interleaved pairs (x0,x1),(x2,x3).. instead of rotate-half"),
    POSITION_IDS_RESTART("position-ids-restart", "position ids restart at 0 after the key/value cache"),
    RMSNORM_EPS("rmsnorm-eps", "RMSNorm eps 1e-6 (Llama 2) where T3 uses 1e-5"),
    RMSNORM_FLOAT16("rmsnorm-float16", "RMSNorm statistics and output held in float16 instead of float32"),
    CFG_WRONG_ROW("cfg-wrong-row", "CFG weight applied to the wrong row: u + w·(u − c) instead of c + w·(c − u)"),
    REPETITION_PENALTY_AFTER_TEMPERATURE("repetition-penalty-after-temperature",
            "repetition penalty applied to the logits after temperature instead of before");

    private final String id;
    private final String description;

    Fault(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The command-line name, e.g. {@code attention-scale-missing}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The fault named {@code id} (case-insensitive; underscores allowed for dashes). */
    public static Fault parse(String id) {
        String n = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fault f : values()) {
            if (f.id.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + id + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(Fault::id).toList()));
    }
}
