package dev.parity.port.run;

import ai.djl.ndarray.types.DataType;
import dev.parity.io.FormatException;
import dev.parity.io.TraceWriter;
import dev.parity.port.nn.FaultPlan;
import dev.parity.io.Trace;
import dev.parity.port.nn.MemoryTraceSink;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.TraceFilter;
import dev.parity.port.nn.TraceSettings;
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
     * @param recording what to record instead ({@link TraceSettings#modules}), or null for the above (S3Gen runs)
     */
    public record Options(Stage stage, boolean mimicReference, VocoderFactory vocoder, TraceSettings recording) {
        public Options(Stage stage, boolean mimicReference, VocoderFactory vocoder) {
            this(stage, mimicReference, vocoder, null);
        }

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
        return run(refDump, outDir, options, FaultPlan.NONE, StageFeed.NONE, Precision.FLOAT32);
    }

    /**
     * {@link #run(Path, Path, Options)} with {@code faults} injected into the port (fault injection), the module
     * outputs of {@code feed} taken from the reference (a stage swap), and parameters, inputs and draws in
     * {@code precision}: float64 gives the reference's float32 noise floor without an upstream float64 run (see
     * {@code localize.NoiseFloor}). Any dump: S3Gen, T3 (float32 only) or conditioning (float32 only).
     */
    public static Summary run(Path refDump, Path outDir, Options options, FaultPlan faults, StageFeed feed,
                              Precision precision) {
        if (ConditioningRun.isConditioningDump(refDump)) {
            return ConditioningRun.run(refDump, outDir, options.mimicReference(), faults, feed);
        }
        ReferenceDump dump = ReferenceDump.open(refDump);
        if (dump.isT3()) {
            return runT3(dump, outDir, new T3Options(Sampling.RECORDED, -1, -1, options.mimicReference(), 0), faults,
                    feed);
        }
        try (Loaded l = load(dump, options, precision)) {
            return l.run(outDir, faults, feed);
        }
    }

    /**
     * Opens an S3Gen dump and builds its pipeline once (float32), for several runs in one process.
     *
     * @throws FormatException when the dump is unreadable or invalid (names the file)
     * @throws dev.parity.port.nn.WeightLoadException when its weights do not fit the model
     */
    public static Loaded load(Path refDump, Options options) {
        return load(ReferenceDump.open(refDump), options, Precision.FLOAT32);
    }

    /** {@link #load(Path, Options)} in {@code precision}. */
    public static Loaded load(Path refDump, Options options, Precision precision) {
        return load(ReferenceDump.open(refDump), options, precision);
    }

    private static Loaded load(ReferenceDump dump, Options options, Precision precision) {
        if (options.stage() == Stage.ALL && options.vocoder() == null) {
            throw new IllegalArgumentException("stage 'all' needs a vocoder; only the flow is available here");
        }
        VocoderFactory vocoder = options.stage() == Stage.ALL ? options.vocoder() : null;
        return new Loaded(dump, options, S3GenPipeline.load(dump.flowConfig(), dump.weights(), vocoder,
                dump.modelJson(), precision.dtype));
    }

    /** An S3Gen dump with its pipeline built: each run feeds the dump's inputs and draws afresh. */
    public static final class Loaded implements AutoCloseable {
        private final ReferenceDump dump;
        private final Options options;
        private final S3GenPipeline pipeline;

        private Loaded(ReferenceDump dump, Options options, S3GenPipeline pipeline) {
            this.dump = dump;
            this.options = options;
            this.pipeline = pipeline;
        }

        public ReferenceDump dump() {
            return dump;
        }

        public S3GenPipeline pipeline() {
            return pipeline;
        }

        /**
         * Runs once with {@code faults} injected and the outputs of {@code feed} taken from the reference, and
         * writes the candidate trace to {@code outDir}.
         */
        public Summary run(Path outDir, FaultPlan faults, StageFeed feed) {
            TraceWriter writer = create(outDir, dump.dir());
            TraceWriterSink sink = new TraceWriterSink(writer);
            double seconds = run(sink, faults, feed, sink::finish); // only a run that ended normally is complete
            return new Summary(outDir, writer.size(), seconds, pipeline.unusedKeys());
        }

        /** {@link #run(Path, FaultPlan, StageFeed)} with the candidate trace kept in memory only. */
        public Trace runInMemory(Path name, FaultPlan faults, StageFeed feed) {
            MemoryTraceSink sink = new MemoryTraceSink(name);
            run(sink, faults, feed, () -> { });
            return sink.trace();
        }

        /** Runs into {@code sink}, filtered as the options say, then {@code finish}; closes it; the run's seconds. */
        private double run(TraceSink sink, FaultPlan faults, StageFeed feed, Runnable finish) {
            TraceSink s = sink;
            if (options.recording() != null) {
                s = new TraceFilter(sink, options.recording());
            } else if (options.mimicReference()) {
                s = new TraceFilter(sink, dump.traceSettings());
            }
            try {
                double seconds = pipeline.run(dump.inputs(), dump.nTimesteps(), dump.noise(),
                        new RunContext(s, faults, feed)).seconds();
                finish.run();
                return seconds;
            } finally {
                s.close();
            }
        }

        @Override
        public void close() {
            pipeline.close();
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
        return runT3(refDump, outDir, options, faults, StageFeed.NONE);
    }

    /** {@link #runT3(Path, Path, T3Options, FaultPlan)} with the outputs of {@code feed} taken from the reference. */
    public static Summary runT3(Path refDump, Path outDir, T3Options options, FaultPlan faults, StageFeed feed) {
        return runT3(ReferenceDump.open(refDump), outDir, options, faults, feed);
    }

    private static Summary runT3(ReferenceDump dump, Path outDir, T3Options options, FaultPlan faults,
                                 StageFeed feed) {
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
            TraceWriterSink written = new TraceWriterSink(writer);
            TraceSink sink = written;
            if (options.mimicReference()) {
                sink = new T3TraceLimit(new TraceFilter(sink, dump.traceSettings()),
                        dump.traceSettings().maxCallsPerModule());
            }
            T3Pipeline.Result r;
            try {
                r = p.run(inputs, settings, draws, new RunContext(sink, faults, feed));
                written.finish(); // only a run that ended normally is marked complete (after the queued writes)
            } finally {
                sink.close();
            }
            return new Summary(outDir, writer.size(), r.seconds(), p.unusedKeys());
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
