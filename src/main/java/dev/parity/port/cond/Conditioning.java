package dev.parity.port.cond;

import static dev.parity.port.audio.SampleRates.S3GEN_SR;
import static dev.parity.port.audio.SampleRates.S3_SR;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Weights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ChatterboxTTS.prepare_conditionals} after the resampling: from the 24 kHz wave ({@code librosa.load}) and
 * the soxr 16 kHz wave made from it ({@code librosa.resample}), S3Gen's reference dict ({@code embed_ref} on the
 * first 10 s: 24 kHz mel, torchaudio 16 kHz wave → CAMPPlus x-vector and speech tokens cut to F24 // 2) and T3's
 * conditionals (prompt tokens of the first 6 s of the soxr wave, at most 150; VoiceEncoder embedding of the whole
 * soxr wave; emotion_adv). {@link #waves} makes the three waves from a recording with the ported resamplers;
 * {@link #prepare} takes them as {@link Waves}.
 */
public final class Conditioning {
    public static final int DEC_COND_LEN = 10 * S3GEN_SR;
    public static final int ENC_COND_LEN = 6 * S3_SR;
    public static final int SPEECH_COND_PROMPT_LEN = 150;
    final S3GenMel mel_extractor = new S3GenMel("s3gen.mel_extractor()");
    final CAMPPlus speaker_encoder;
    final S3TokenizerV2 tokenizer;
    final VoiceEncoder ve;
    private final TracedFunction embedRef = new TracedFunction("s3gen.embed_ref()",
            "chatterbox.models.s3gen.s3gen.S3Token2Mel.embed_ref");
    private final TracedFunction load = new TracedFunction("librosa.load()", "librosa.audio.load");
    private final TracedFunction librosaResample = new TracedFunction("librosa.resample()", "librosa.audio.resample");
    private final TracedFunction soxrResample = new TracedFunction("soxr.resample()", "soxr.resample");
    final TaResample taResample = new TaResample(S3GEN_SR, S3_SR);

    /** The 24 → 16 kHz resampling inside {@code embed_ref} (torchaudio windowed sinc), wave in, wave out. */
    @FunctionalInterface
    public interface Resampler {
        float[] apply(float[] wav24);
    }

    /**
     * The waves a run starts from.
     *
     * @param wav24 {@code librosa.load(path, sr=24000)} (L24)
     * @param ref16k {@code librosa.resample(wav24, 24000, 16000)} (soxr HQ) of the whole wave
     * @param embedRefResampler torchaudio's Resample(24000, 16000) applied to the first 10 s
     */
    public record Waves(float[] wav24, float[] ref16k, Resampler embedRefResampler) {
    }

    /** The conditionals (on the caller's manager), as {@code Conditionals(T3Cond, gen)} holds them. */
    public record Output(NDArray prompt_token, NDArray prompt_token_len, NDArray prompt_feat, NDArray embedding,
            NDArray speaker_emb, NDArray cond_prompt_speech_tokens, NDArray emotion_adv) {
        /** Final-output name → value, in the reference's order. */
        public Map<String, NDArray> byName() {
            Map<String, NDArray> m = new LinkedHashMap<>();
            m.put("prompt_feat", prompt_feat);
            m.put("prompt_token", prompt_token);
            m.put("prompt_token_len", prompt_token_len);
            m.put("embedding", embedding);
            m.put("speaker_emb", speaker_emb);
            m.put("cond_prompt_speech_tokens", cond_prompt_speech_tokens);
            m.put("emotion_adv", emotion_adv);
            return m;
        }
    }

    /**
     * Builds the three models: the tokenizer and CAMPPlus from {@code tokenizer.*} and {@code speaker_encoder.*} of
     * {@code s3gen}, the VoiceEncoder from {@code ve.*} of {@code ve} (may be the same object).
     */
    public Conditioning(Weights s3gen, Weights ve, CondConfig cfg) {
        speaker_encoder = new CAMPPlus("speaker_encoder", s3gen, cfg.campplus());
        tokenizer = new S3TokenizerV2("tokenizer", s3gen, cfg.tokenizer());
        this.ve = new VoiceEncoder("ve", ve);
    }

    /**
     * The waves of a recording as upstream makes them, traced: {@code librosa.load(path, sr=24000)} (soxr HQ when the
     * rate differs), {@code librosa.resample(wav24, 24000, 16000)} (soxr HQ) and, for {@code embed_ref}, torchaudio's
     * {@code Resample(24000, 16000)} ({@link TaResample}). A stage feed on any of their outputs replaces it.
     *
     * @param samples the recording, mono float32 as {@code librosa.load(sr=None)} reads it
     */
    public Waves waves(RunContext ctx, NDManager m, float[] samples, int sampleRate) {
        var l = load.start(ctx);
        float[] wav24 = l.out(resample(ctx, m, samples, sampleRate, S3GEN_SR)).toFloatArray();
        float[] ref16k = resample(ctx, m, wav24, S3GEN_SR, S3_SR).toFloatArray();
        Resampler ta = w -> taResample.forward(ctx, m.create(w, new Shape(1, w.length))).toFloatArray();
        return new Waves(wav24, ref16k, ta);
    }

    /** {@code librosa.resample} (soxr HQ, length forced to ceil(L·out/in)); no call at all when the rates agree. */
    private NDArray resample(RunContext ctx, NDManager m, float[] x, int in, int out) {
        NDArray xs = m.create(x, new Shape(x.length));
        if (in == out) {
            return xs;
        }
        var c = librosaResample.start(ctx).in(xs);
        var s = soxrResample.start(ctx).in(xs);
        dev.parity.port.audio.SoxrResample soxr = new dev.parity.port.audio.SoxrResample(in, out);
        float[] raw = s.out(m.create(soxr.resample(x), new Shape(soxr.outputLength(x.length)))).toFloatArray();
        float[] y = java.util.Arrays.copyOf(raw, (int) Math.ceil(x.length * ((double) out / in)));
        return c.out(m.create(y, new Shape(y.length)));
    }

    /** The whole method; records into the context's sink, including the {@code final.*} entries. */
    public Output prepare(RunContext ctx, NDManager m, Waves waves, double exaggeration) {
        float[] cut = waves.wav24().length > DEC_COND_LEN
                ? java.util.Arrays.copyOf(waves.wav24(), DEC_COND_LEN) : waves.wav24();
        Output gen = embedRef(ctx, m, cut, waves.embedRefResampler());
        NDArray ref16k = m.create(waves.ref16k(), new Shape(waves.ref16k().length)); // (L16)
        NDArray prompt16 = ref16k.get(new NDIndex(":{}", ENC_COND_LEN)).expandDims(0); // (1, ≤ 96000)
        NDArray condTokens = tokenizer.forward(ctx, prompt16, SPEECH_COND_PROMPT_LEN, false); // (1, ≤ 150)
        NDArray speakerEmb = ve.embedsFromWavs(ctx, ref16k).mean(new int[] {0}, true); // (1, 256)
        NDArray emotion = m.full(new Shape(1, 1, 1), (float) exaggeration);
        Output out = new Output(gen.prompt_token(), gen.prompt_token_len(), gen.prompt_feat(), gen.embedding(),
                speakerEmb, condTokens, emotion);
        if (ctx.tracing()) {
            out.byName().forEach((k, v) -> ctx.sink().record(new EntryId("final." + k, 0, EntryKind.FINAL, null),
                    "final output", v));
        }
        return out;
    }

    /** {@code S3Token2Mel.embed_ref(wav24[:240000], 24000)}: prompt_feat, embedding, prompt_token(_len). */
    private Output embedRef(RunContext ctx, NDManager m, float[] wav24, Resampler resampler) {
        NDArray wav = m.create(wav24, new Shape(wav24.length)); // (L)
        var c = embedRef.start(ctx).in(wav);
        NDArray feat = mel_extractor.forward(ctx, wav.expandDims(0)).transpose(0, 2, 1); // (1, F24, 80)
        float[] w16 = resampler.apply(wav24);
        NDArray wav16 = m.create(w16, new Shape(1, w16.length)); // (1, L16)
        NDArray embedding = speaker_encoder.inference(ctx, wav16); // (1, 192)
        NDArray tokens = tokenizer.forward(ctx, wav16, 0, true); // (1, Nt) int64
        long f24 = feat.getShape().get(1);
        long nt = tokens.getShape().get(1);
        if (f24 != 2 * nt && nt > f24 / 2) {
            tokens = tokens.get(new NDIndex(":, :{}", f24 / 2)); // upstream warns and cuts to F24 // 2
        }
        NDArray len = m.create(new long[] {tokens.getShape().get(1)});
        c.out("prompt_token", tokens);
        c.out("prompt_token_len", len);
        c.out("prompt_feat", feat);
        c.out("embedding", embedding);
        return new Output(tokens, len, feat, embedding, null, null, null);
    }
}
