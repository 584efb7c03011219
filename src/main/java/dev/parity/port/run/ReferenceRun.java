package dev.parity.port.run;

import ai.djl.ndarray.types.DataType;
import dev.parity.io.FormatException;
import dev.parity.io.TraceWriter;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.TraceFilter;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.t3.GenerationSettings;
import dev.parity.port.t3.TokenDraws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the port on a reference dump: builds S3Gen from its config and weights, feeds its inputs and recorded
 * random draws, and writes the candidate trace (same entry identities as the reference) to a new directory.
 */
public final class ReferenceRun {
    /** Which part of S3Gen runs. */
    public enum Stage { FLOW, ALL }

    /** The dtype of the whole run: parameters, inputs, draws and every computation. */
    public enum Precision {
        FLOAT32(DataType.FLOAT32), FLOAT64(DataType.FLOAT64);

        final DataType dtype;

        Precision(DataType dtype) {
            this.dtype = dtype;
        }

        /** {@code float32} or {@code float64}. */
        public static Precision parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "float32", "f32" -> FLOAT32;
                case "float64", "f64", "double" -> FLOAT64;
                default -> throw new IllegalArgumentException("unknown precision '" + s + "' (float32, float64)");
            };
        }
    }

    /**
     * @param mimicReference record only what the reference's {@code config.json "trace"} settings record
     * @param vocoder the vocoder for {@link Stage#ALL}; ignored (may be null) for {@link Stage#FLOW}
     */
    public record Options(Stage stage, boolean mimicReference, VocoderFactory vocoder) {
        public static Options flow() {
            return new Options(Stage.FLOW, true, null);
        }
    }

    /** What a run did. */
    public record Summary(Path traceDir, int entries, double seconds, java.util.Set<String> unusedKeys) {
    }

    private ReferenceRun() {
    }

    /**
     * @throws FormatException when the dump is unreadable or invalid (names the file)
     * @throws dev.parity.port.nn.WeightLoadException when its weights do not fit the model
     */
    public static Summary run(Path refDump, Path outDir, Options options) {
        return run(refDump, outDir, options, FaultPlan.NONE);
    }

    /** {@link #run(Path, Path, Options)} with {@code faults} injected into the port (fault injection). */
    public static Summary run(Path refDump, Path outDir, Options options, FaultPlan faults) {
        return run(refDump, outDir, options, faults, Precision.FLOAT32);
    }

    /**
     * {@link #run(Path, Path, Options, FaultPlan)} with parameters, inputs and draws in {@code dtype}: float64 gives
     * the reference's float32 noise floor without an upstream float64 run (see {@code localize.NoiseFloor}).
     */
    public static Summary run(Path refDump, Path outDir, Options options, FaultPlan faults, Precision precision) {
        if (ConditioningRun.isConditioningDump(refDump)) {
            return ConditioningRun.run(refDump, outDir, options.mimicReference(), faults);
        }
        ReferenceDump dump = ReferenceDump.open(refDump);
        if (dump.isT3()) {
            return runT3(dump, outDir, new T3Options(Sampling.RECORDED, -1, -1, options.mimicReference(), 0), faults);
        }
        if (options.stage() == Stage.ALL && options.vocoder() == null) {
            throw new IllegalArgumentException("stage 'all' needs a vocoder; only the flow is available here");
        }
        VocoderFactory vocoder = options.stage() == Stage.ALL ? options.vocoder() : null;
        TokenInputs inputs = dump.inputs();
        try (S3GenPipeline p = S3GenPipeline.load(dump.flowConfig(), dump.weights(), vocoder, dump.modelJson(),
                precision.dtype)) {
            TraceWriter writer = create(outDir, refDump);
            TraceSink sink = new TraceWriterSink(writer);
            if (options.mimicReference()) {
                sink = new TraceFilter(sink, dump.traceSettings());
            }
            S3GenPipeline.Result r;
            try {
                r = p.run(inputs, dump.nTimesteps(), dump.noise(), sink, faults);
                finish(writer);
            } finally {
                sink.close();
            }
            return new Summary(outDir, writer.size(), r.seconds(), p.unusedKeys());
        }
    }

    /** Where a T3 run's sampled tokens come from. */
    public enum Sampling {
        /** The reference's recorded noise q; the token is argmax(p / q) from the port's own probabilities. */
        RECORDED,
        /** The reference's sampled token at every step (teacher forcing). */
        TEACHER_FORCED,
        /** Fresh seeded noise (real use; not torch's stream). */
        SEEDED
    }

    /**
     * How a T3 dump is run.
     *
     * @param flipStep a step whose token is forced to {@code flipToken} (a deliberate flip), or -1
     * @param flipToken the token forced at {@code flipStep}
     * @param seed the generator seed for {@link Sampling#SEEDED}
     */
    public record T3Options(Sampling sampling, int flipStep, long flipToken, boolean mimicReference, long seed) {
        public static T3Options recorded() {
            return new T3Options(Sampling.RECORDED, -1, -1, true, 0);
        }
    }

    /** Runs the Java T3 on a T3 dump's inputs and writes the candidate trace (same identities as the reference). */
    public static Summary runT3(Path refDump, Path outDir, T3Options options, FaultPlan faults) {
        return runT3(ReferenceDump.open(refDump), outDir, options, faults);
    }

    private static Summary runT3(ReferenceDump dump, Path outDir, T3Options options, FaultPlan faults) {
        if (!dump.isT3()) {
            throw new FormatException(dump.dir().resolve("config.json"), "not a T3 dump (no \"model\".t3_config)");
        }
        T3Inputs inputs = dump.t3Inputs();
        GenerationSettings settings = dump.generation();
        TokenDraws draws = switch (options.sampling()) {
            case RECORDED -> TokenDraws.recorded(dump.trace());
            case TEACHER_FORCED -> TokenDraws.teacherForced(dump.trace());
            case SEEDED -> TokenDraws.seeded(options.seed());
        };
        if (options.flipStep() >= 0) {
            draws = draws.withForcedToken(options.flipStep(), options.flipToken());
        }
        try (T3Pipeline p = T3Pipeline.load(dump.t3Config(), dump.weights())) {
            TraceWriter writer = create(outDir, dump.dir());
            TraceSink sink = new TraceWriterSink(writer);
            if (options.mimicReference()) {
                sink = new T3TraceLimit(new TraceFilter(sink, dump.traceSettings()),
                        dump.traceSettings().maxCallsPerModule());
            }
            T3Pipeline.Result r;
            try {
                r = p.run(inputs, settings, draws, sink, faults);
                finish(writer);
            } finally {
                sink.close();
            }
            return new Summary(outDir, writer.size(), r.seconds(), p.unusedKeys());
        }
    }

    /** Marks the trace complete: only a run that ended normally gets here. */
    private static void finish(TraceWriter writer) {
        try {
            writer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("finishing trace " + writer.dir(), e);
        }
    }

    private static TraceWriter create(Path outDir, Path refDump) {
        try {
            return TraceWriter.create(outDir, Map.of("name", "parity-workbench Java port (DJL PyTorch engine)",
                    "language", "java", "framework", dev.parity.io.BuildInfo.FRAMEWORK),
                    "candidate run on reference " + refDump.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException("creating trace directory " + outDir, e);
        }
    }
}
