package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Fault;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * Chatterbox's {@code S3Tokenizer} (an {@code S3TokenizerV2}, {@code tokenizer}): log-mel front end, encoder, FSQ
 * quantiser ({@code quantizer._codebook}: project_down to 8, tanh, × 0.999, round half to even, + 1, base-3
 * digits, digit 0 least significant) → speech tokens at 25 Hz. Inputs up to 30 s (the long-audio path is not
 * ported: conditioning inputs are ≤ 10 s).
 */
public final class S3TokenizerV2 extends Module {
    public static final int LEVELS = 3;
    public static final int DIGITS = 8;
    public static final int MAX_FRAMES = 3000;
    /** The float32 constant upstream multiplies by (0.999). */
    public static final float FSQ_SCALE = 0.9990000128746033f;
    final LogMelSpectrogram logMel;
    final AudioEncoderV2 encoder;
    final Linear project_down;
    private final QuantizeMethod quantize;

    public S3TokenizerV2(String path, Weights w, CondConfig.Tokenizer cfg) {
        super(path);
        logMel = new LogMelSpectrogram(child("log_mel_spectrogram()"), cfg.n_mels());
        encoder = new AudioEncoderV2(child("encoder"), w, cfg);
        project_down = new Linear(child("quantizer._codebook.project_down"), w, cfg.n_audio_state(), DIGITS);
        quantize = new QuantizeMethod(child("quantize()"));
    }

    @Override
    public String moduleType() {
        return "S3Tokenizer";
    }

    /**
     * {@code forward([wav], max_len)}: wav (1, L) at 16 kHz → tokens (1, T) int64; {@code maxLen} ≤ 0 for none.
     * The input is recorded only when {@code recordInput} (upstream's T3 call passes a list of numpy arrays).
     */
    public NDArray forward(RunContext ctx, NDArray wav, int maxLen, boolean recordInput) {
        Call c = begin(ctx);
        if (recordInput) {
            c.in(wav);
        }
        NDArray mel = logMel.forward(ctx, wav); // (1, n_mels, F)
        if (maxLen > 0 && mel.getShape().get(2) > 4L * maxLen) {
            mel = mel.get(new NDIndex(":, :, :{}", 4L * maxLen));
        }
        long frames = mel.getShape().get(2);
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException("the tokenizer input is " + frames + " mel frames; the long-audio "
                    + "path (over " + MAX_FRAMES + " frames = 30 s) is not ported");
        }
        NDArray melLen = wav.getManager().create(new int[] {(int) frames});
        return c.out(quantize(ctx, mel, melLen).toType(DataType.INT64, false));
    }

    /** {@code quantize(mel, mel_len)} → codes (1, T) int32. */
    NDArray quantize(RunContext ctx, NDArray mel, NDArray melLen) {
        return quantize.run(ctx, mel, melLen);
    }

    /** The traced {@code tokenizer.quantize()} method; the FSQ rounding happens here. */
    private final class QuantizeMethod extends TracedFunction {
        QuantizeMethod(String path) {
            super(path, "s3tokenizer.model_v2.S3TokenizerV2.quantize");
        }

        NDArray run(RunContext ctx, NDArray mel, NDArray melLen) {
            Call c = start(ctx).in(mel).in("arg1", melLen);
            NDList enc = encoder.forward(ctx, mel, melLen);
            NDArray hidden = enc.get(0); // (1, T, D)
            long t = hidden.getShape().get(1);
            NDArray h = project_down.forward(ctx, hidden.reshape(t, -1)); // (T, 8)
            int[] codes = fsq(h.tanh().mul(FSQ_SCALE).toFloatArray(), faultyAt(ctx, Fault.FSQ_ROUND_HALF_UP));
            NDArray out = c.out(mel.getManager().create(codes, new Shape(1, t))); // (1, T) int32
            c.out("1", enc.get(1));
            return out;
        }
    }

    /** Base-3 codes of (T, 8) scaled values: Σ (round(h_i) + 1)·3^i, rounding half to even (or half up). */
    static int[] fsq(float[] h, boolean halfUp) {
        int[] codes = new int[h.length / DIGITS];
        for (int t = 0; t < codes.length; t++) {
            int code = 0;
            int power = 1;
            for (int i = 0; i < DIGITS; i++) {
                float v = h[t * DIGITS + i];
                int digit = (int) (halfUp ? Math.floor(v + 0.5f) : Math.rint(v)) + 1;
                code += digit * power;
                power *= LEVELS;
            }
            codes[t] = code;
        }
        return codes;
    }
}
