package dev.parity.port.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parity.io.BuildInfo;
import dev.parity.io.FormatException;
import dev.parity.io.TraceWriter;
import dev.parity.io.Wav;
import dev.parity.port.audio.SampleRates;
import dev.parity.port.audio.SoxrResample;
import dev.parity.port.cond.CondConfig;
import dev.parity.port.cond.Conditioning;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.NoiseSource;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.s3gen.FlowConfig;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.T3Config;
import dev.parity.port.t3.TokenDraws;
import dev.parity.port.text.TextFrontEnd;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Text and a voice sample to speech, as {@code ChatterboxTTS.prepare_conditionals} then {@code generate}: the
 * conditionals from the recording ({@link ConditioningPipeline}), the text ids ({@link TextFrontEnd}, then the start
 * and stop tokens and the CFG row), {@code T3.inference} with {@code speaker_emb}, {@code cond_prompt_speech_tokens}
 * and {@code emotion_adv} ({@link T3Pipeline}; its speech tokens post-processed as generate does), and
 * {@code S3Token2Wav.inference} on those tokens with {@code ref_dict} = {@code prompt_token}, {@code prompt_token_len},
 * {@code prompt_feat}, {@code embedding} ({@link S3GenPipeline}, flow then HiFT, trim fade). Models come from the
 * released file names in one directory. Each stage is loaded, run and closed before the next one loads, so only one
 * model's parameters are in native memory at a time.
 */
public final class SynthPipeline {
    /** The released checkpoint file names. */
    public static final String VE = "ve.safetensors";
    public static final String T3 = "t3_cfg.safetensors";
    public static final String S3GEN = "s3gen.safetensors";
    public static final String TOKENIZER = "tokenizer.json";
    public static final List<String> FILES = List.of(VE, T3, S3GEN, TOKENIZER);
    /** The stage names: progress lines and trace sub-directories. */
    public static final List<String> STAGES = List.of("conditioning", "t3", "s3gen");
    /** {@code flow.inference}'s ODE steps ({@code n_timesteps=10}). */
    public static final int N_TIMESTEPS = 10;

    private SynthPipeline() {
    }

    /**
     * The model sizes: {@link #fullSize()} for the released checkpoints.
     *
     * @param s3genModel an S3Gen run's {@code model} JSON for the vocoder ({@code hift}; empty for full size)
     */
    public record Configs(CondConfig conditioning, T3Config t3, FlowConfig flow, JsonNode s3genModel) {
        public static Configs fullSize() {
            return new Configs(CondConfig.fullSize(), T3Config.englishOnly(), FlowConfig.fullSize(),
                    JsonNodeFactory.instance.objectNode());
        }
    }

    /**
     * One request.
     *
     * @param checkpoints directory with {@link #FILES}
     * @param traceDir where each stage's trace goes ({@code traceDir/<stage>}), or null for none
     */
    public record Request(String text, Wav.Audio voice, Path checkpoints, double exaggeration,
            GenerationSettings generation, long seed, Path traceDir) {
    }

    /**
     * What came out: the waveform at {@link SampleRates#S3GEN_SR}, T3's raw and post-processed speech tokens, and each
     * stage's wall time (load and run) in {@link #STAGES} order.
     */
    public record Result(float[] wav, int sampleRate, int[] textIds, long[] speech_tokens_raw, long[] speech_tokens,
            boolean stoppedOnEos, double[] seconds) {
    }

    /**
     * Checks what can be checked before any model loads: the four files exist, the text is not blank, the voice
     * sample is a rate the resampler plans and not empty.
     *
     * @throws FormatException naming the file or input and the problem
     */
    public static void checkInputs(Path checkpoints, String text, Wav.Audio voice, Path voiceFile) {
        for (String f : FILES) {
            Path p = checkpoints.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new FormatException(p, "no such file (the checkpoint directory must hold " + String.join(", ",
                        FILES) + ")");
            }
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("--text is empty: nothing to say");
        }
        if (voice.samples().length == 0) {
            throw new FormatException(voiceFile, "the recording has no samples");
        }
        try {
            new SoxrResample(voice.sampleRate(), SampleRates.S3GEN_SR); // plans the resampling, or refuses the rate
        } catch (IllegalArgumentException e) {
            throw new FormatException(voiceFile, e.getMessage(), e);
        }
    }

    /** Runs the whole chain; {@code progress} gets one line as each stage starts and ends. */
    public static Result run(Request req, Configs cfg, Consumer<String> progress) {
        double[] seconds = new double[STAGES.size()];
        int[] ids;
        try (TextFrontEnd fe = TextFrontEnd.load(req.checkpoints().resolve(TOKENIZER))) {
            ids = fe.tokenize(req.text()).ids();
        }
        int most = cfg.t3().hp().max_text_tokens();
        if (ids.length > most) {
            throw new IllegalArgumentException("--text is " + ids.length + " text tokens; T3 takes at most " + most);
        }
        progress.accept(String.format("text: %d ids", ids.length));
        Map<String, Tensor> conds = conditionals(req, cfg, progress, seconds);
        T3Pipeline.Result t3 = speechTokens(req, cfg, ids, conds, progress, seconds);
        if (t3.speech_tokens().length == 0) {
            throw new IllegalArgumentException("T3 produced no valid speech tokens (raw "
                    + java.util.Arrays.toString(t3.speech_tokens_raw()) + "); nothing to vocode");
        }
        float[] wav = vocode(req, cfg, t3.speech_tokens(), conds, progress, seconds);
        return new Result(wav, SampleRates.S3GEN_SR, ids, t3.speech_tokens_raw(), t3.speech_tokens(),
                t3.stoppedOnEos(), seconds);
    }

    private static Map<String, Tensor> conditionals(Request req, Configs cfg, Consumer<String> progress,
                                                    double[] seconds) {
        long t0 = System.nanoTime();
        progress.accept(String.format("conditioning: loading %s (tokenizer.*, speaker_encoder.*) and %s", S3GEN, VE));
        Path dir = req.checkpoints();
        try (ConditioningPipeline p = ConditioningPipeline.load(dir.resolve(S3GEN), dir.resolve(VE),
                cfg.conditioning())) {
            progress.accept(String.format("conditioning: %.2f s of audio at %d Hz", req.voice().seconds(),
                    req.voice().sampleRate()));
            try (Traced t = Traced.open(req.traceDir(), STAGES.get(0), "prepare_conditionals")) {
                Map<String, Tensor> c = p.run(req.voice().samples(), req.voice().sampleRate(), req.exaggeration(),
                        RunContext.traced(t.sink())).conditionals();
                t.finish();
                seconds[0] = (System.nanoTime() - t0) / 1e9;
                progress.accept(String.format("conditioning: done in %.1f s, %d prompt tokens, %d T3 prompt tokens",
                        seconds[0], c.get("prompt_token").numel(), c.get("cond_prompt_speech_tokens").numel()));
                return c;
            }
        }
    }

    private static T3Pipeline.Result speechTokens(Request req, Configs cfg, int[] ids, Map<String, Tensor> conds,
                                                  Consumer<String> progress, double[] seconds) {
        long t0 = System.nanoTime();
        progress.accept("t3: loading " + T3);
        try (T3Pipeline p = T3Pipeline.load(cfg.t3(), req.checkpoints().resolve(T3))) {
            progress.accept(String.format("t3: generating (at most %d tokens)", req.generation().max_new_tokens()));
            T3Inputs in = new T3Inputs(textTokens(ids, cfg.t3().hp()), conds.get("speaker_emb"),
                    conds.get("cond_prompt_speech_tokens"), conds.get("emotion_adv"));
            try (Traced t = Traced.open(req.traceDir(), STAGES.get(1), "T3.inference")) {
                T3Pipeline.Result r = p.run(in, req.generation(), TokenDraws.seeded(req.seed()),
                        RunContext.traced(t.sink()));
                t.finish();
                seconds[1] = (System.nanoTime() - t0) / 1e9;
                progress.accept(String.format("t3: done in %.1f s, %d tokens sampled (%s), %d speech tokens kept",
                        seconds[1], r.speech_tokens_raw().length, r.stoppedOnEos() ? "stopped" : "step limit",
                        r.speech_tokens().length));
                return r;
            }
        }
    }

    /** generate's text input: the ids twice (the CFG row), each with the start token in front and the stop at the end. */
    static Tensor textTokens(int[] ids, T3Config.Hp hp) {
        int lt = ids.length + 2;
        long[] v = new long[2 * lt];
        for (int row = 0; row < 2; row++) {
            v[row * lt] = hp.start_text_token();
            for (int i = 0; i < ids.length; i++) {
                v[row * lt + 1 + i] = ids[i];
            }
            v[row * lt + lt - 1] = hp.stop_text_token();
        }
        return Tensor.ofLongs(new Shape(2, lt), v); // (2, Lt)
    }

    private static float[] vocode(Request req, Configs cfg, long[] tokens, Map<String, Tensor> conds,
                                  Consumer<String> progress, double[] seconds) {
        long t0 = System.nanoTime();
        progress.accept("s3gen: loading " + S3GEN + " (flow.*, mel2wav.*)");
        try (S3GenPipeline p = S3GenPipeline.load(cfg.flow(), req.checkpoints().resolve(S3GEN),
                HiFTGenerator::create, cfg.s3genModel())) {
            progress.accept(String.format("s3gen: flow (%d ODE steps) and HiFT on %d speech tokens", N_TIMESTEPS,
                    tokens.length));
            TokenInputs in = new TokenInputs(Tensor.ofLongs(new Shape(1, tokens.length), tokens),
                    conds.get("prompt_token"), conds.get("prompt_token_len"), conds.get("prompt_feat"),
                    conds.get("embedding"));
            try (Traced t = Traced.open(req.traceDir(), STAGES.get(2), "S3Token2Wav.inference")) {
                S3GenPipeline.Result r = p.run(in, N_TIMESTEPS, NoiseSource.seeded(req.seed()),
                        RunContext.traced(t.sink()));
                t.finish();
                float[] wav = r.wav().toFloatArray(); // (1, L) → L
                seconds[2] = (System.nanoTime() - t0) / 1e9;
                progress.accept(String.format("s3gen: done in %.1f s, %.2f s of audio", seconds[2],
                        wav.length / (double) SampleRates.S3GEN_SR));
                return wav;
            }
        }
    }

    /** A stage's trace sink: {@link TraceSink#OFF} without a trace directory, else a writer into {@code dir/stage}. */
    private record Traced(TraceSink sink, TraceWriterSink writer) implements AutoCloseable {
        static Traced open(Path dir, String stage, String what) {
            if (dir == null) {
                return new Traced(TraceSink.OFF, null);
            }
            try {
                TraceWriter w = TraceWriter.create(dir.resolve(stage), Map.of("name",
                        "parity-workbench Java synth", "language", "java", "framework", BuildInfo.FRAMEWORK),
                        what + " in parity synth");
                TraceWriterSink s = new TraceWriterSink(w);
                return new Traced(s, s);
            } catch (IOException e) {
                throw new UncheckedIOException("creating trace directory " + dir.resolve(stage), e);
            }
        }

        /** Marks the trace complete (after the queued writes); only a stage that ended normally calls it. */
        void finish() {
            if (writer != null) {
                writer.finish();
            }
        }

        @Override
        public void close() {
            sink.close();
        }
    }
}
