package dev.parity.port.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.parity.port.nn.Linear;
import dev.parity.port.nn.Module;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;

/**
 * {@code voice_encoder.VoiceEncoder} ({@code ve}): 3-layer LSTM(40 → 256), {@code proj} Linear(256 → 256), ReLU,
 * L2 normalisation per partial; {@link #embedsFromWavs} is the whole {@code embeds_from_wavs} path (trim, mel,
 * partials of 160 frames every 77, mean, L2). {@code similarity_weight/bias} are training-only and not loaded.
 */
public final class VoiceEncoder extends Module {
    public static final int NUM_MELS = 40;
    public static final int HIDDEN = 256;
    public static final int PARTIAL_FRAMES = 160;
    public static final double RATE = 1.3;
    public static final double MIN_COVERAGE = 0.8;
    public static final double TRIM_TOP_DB = 20;
    private static final String CLASS = "chatterbox.models.voice_encoder.voice_encoder.VoiceEncoder.";
    final LSTM lstm;
    final Linear proj;
    private final Trim trim = new Trim("librosa.effects.trim()", TRIM_TOP_DB);
    private final VoiceEncoderMel mel = new VoiceEncoderMel("ve.melspectrogram()", NUM_MELS);
    private final TracedFunction fromWavs;
    private final TracedFunction fromMels;
    private final TracedFunction inference;

    public VoiceEncoder(String path, Weights w) {
        super(path);
        this.lstm = new LSTM(child("lstm"), w, NUM_MELS, HIDDEN, 3);
        this.proj = new Linear(child("proj"), w, HIDDEN, HIDDEN);
        this.fromWavs = new TracedFunction(child("embeds_from_wavs()"), CLASS + "embeds_from_wavs");
        this.fromMels = new TracedFunction(child("embeds_from_mels()"), CLASS + "embeds_from_mels");
        this.inference = new TracedFunction(child("inference()"), CLASS + "inference");
    }

    /** Partials (P, 160, 40) → unit-norm embeddings (P, 256). */
    public NDArray forward(RunContext ctx, NDArray mels) {
        Call c = begin(ctx).in(mels);
        NDList out = lstm.forward(ctx, mels);
        NDArray hidden = out.get(1).get(new NDIndex("-1")); // (P, 256) = h_n[-1]
        NDArray raw = proj.forward(ctx, hidden).maximum(0f); // (P, 256)
        return c.out(raw.div(raw.square().sum(new int[] {1}, true).sqrt())); // (P, 256)
    }

    /** {@code embeds_from_wavs([wav], 16000)}: the 16 kHz wave (L) → utterance embedding (1, 256). */
    public NDArray embedsFromWavs(RunContext ctx, NDArray wav) {
        Call c = fromWavs.start(ctx).in(wav); // (L)
        NDArray trimmed = trim.forward(ctx, wav); // (L')
        if (trimmed.getShape().get(0) == 0) {
            throw new IllegalArgumentException("the voice recording is silent: nothing is left after trimming "
                    + "(top_db " + TRIM_TOP_DB + ")");
        }
        NDArray m = mel.forward(ctx, trimmed).transpose(); // (F, 40)
        return c.out(embedsFromMels(ctx, m));
    }

    /** {@code embeds_from_mels}: (F, 40) → (1, 256). */
    NDArray embedsFromMels(RunContext ctx, NDArray mel) {
        Call c = fromMels.start(ctx).in(mel);
        return c.out(inference(ctx, mel.expandDims(0)));
    }

    /** {@code inference(mels (1, F, 40), rate=1.3)}: partials, forward, mean, L2 → (1, 256). */
    NDArray inference(RunContext ctx, NDArray mels) {
        Call c = inference.start(ctx).in(mels); // (1, F, 40)
        int frames = Math.toIntExact(mels.getShape().get(1));
        int step = (int) Math.round((16000 / RATE) / PARTIAL_FRAMES); // 77
        int[] wins = numWins(frames, step);
        NDArray mel = mels.get(0); // (F, 40)
        if (wins[1] > frames) {
            mel = mel.concat(mel.getManager().zeros(new Shape(wins[1] - frames, NUM_MELS)), 0);
        }
        NDList partials = new NDList();
        for (int i = 0; i < wins[0]; i++) {
            partials.add(mel.get(new NDIndex("{}:{}", i * step, i * step + PARTIAL_FRAMES)));
        }
        NDArray embeds = forward(ctx, ai.djl.ndarray.NDArrays.stack(partials)); // (P, 256)
        NDArray raw = embeds.mean(new int[] {0}, true); // (1, 256)
        return c.out(raw.div(raw.square().sum(new int[] {1}, true).sqrt()));
    }

    /** {@code get_num_wins}: [number of partials, target length]. */
    static int[] numWins(int frames, int step) {
        int n = Math.max(frames - PARTIAL_FRAMES + step, 0) / step;
        int rem = Math.max(frames - PARTIAL_FRAMES + step, 0) % step;
        if (n == 0 || (rem + (PARTIAL_FRAMES - step)) / (double) PARTIAL_FRAMES >= MIN_COVERAGE) {
            n++;
        }
        return new int[] {n, PARTIAL_FRAMES + step * (n - 1)};
    }
}
