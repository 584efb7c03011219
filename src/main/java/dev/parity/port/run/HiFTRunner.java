package dev.parity.port.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Safetensors;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceWriter;
import dev.parity.io.Wav;
import dev.parity.port.hift.HiFTConfig;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.hift.TrimFade;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.NDTensors;
import dev.parity.port.nn.RandomDraws;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Replays the vocoder part of a reference dump: builds {@code mel2wav} from the dump's {@code config.json} and
 * {@code weights.safetensors}, feeds the reference mel ({@code mel2wav.inference()} input) and the recorded
 * SineGen draws, optionally injects the reference f0 / source, and writes a candidate trace with every module
 * call plus {@code final.wav} (after {@code trim_fade}) and a WAV file. The model lives in this runner's manager;
 * each run's intermediates live in a sub-manager closed when the run ends.
 */
public final class HiFTRunner implements AutoCloseable {
    /** Root path of the vocoder in S3Gen's module tree. */
    public static final String PATH = "mel2wav";
    /** Label of the first vocoder draw in a whole-model reference trace. */
    public static final String FIRST_DRAW = "sinegen_phase_uniform";

    private final NDManager manager;
    private final ReferenceDump dump;
    private final Trace reference;
    private final Weights weights;
    private final HiFTGenerator model;

    /** Where the run starts from the reference. */
    public enum Injection {
        /** Only the reference mel and recorded draws; f0 and source are the port's own. */
        NONE,
        /** The reference f0 (output of {@code mel2wav.f0_predictor}) drives the source module. */
        F0,
        /** The reference f0 and the reference source {@code s} (argument of {@code mel2wav.decode()}). */
        F0_AND_SOURCE
    }

    /** What one run produced: the trace directory, the WAV file, the final waveform (B, L) after trim_fade. */
    public record Result(Path traceDir, Path wavFile, float[] wav, long[] wavShape, int entries, double seconds) {
    }

    private HiFTRunner(NDManager manager, ReferenceDump dump, Weights weights, HiFTGenerator model) {
        this.manager = manager;
        this.dump = dump;
        this.reference = dump.trace();
        this.weights = weights;
        this.model = model;
    }

    /** Opens a reference dump directory (manifest.json, config.json, weights.safetensors) and builds the vocoder. */
    public static HiFTRunner open(Path referenceDump) {
        ReferenceDump dump = ReferenceDump.open(referenceDump);
        HiFTConfig config = HiFTConfig.fromJson(dump.modelJson().path("hift"));
        NDManager manager = Torch.newManager();
        try {
            Weights w = Weights.of(Safetensors.open(dump.weights()), manager);
            return new HiFTRunner(manager, dump, w, HiFTGenerator.load(PATH, config, w));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public HiFTGenerator model() {
        return model;
    }

    /** Checkpoint key → parameter as the port holds it (float32), for a load audit. */
    public Map<String, Tensor> loadedParameters() {
        return weights.loadedParameters();
    }

    /** Checkpoint keys the vocoder took. */
    public Set<String> usedKeys() {
        return weights.usedKeys();
    }

    /** Runs the vocoder on the reference mel and writes a candidate trace and {@code final.wav} into {@code outDir}. */
    public Result run(Path outDir, Injection injection) throws IOException {
        return run(outDir, injection, null, FaultPlan.NONE);
    }

    /**
     * Runs the vocoder and writes a candidate trace (and {@code final.wav} as a WAV file) into {@code outDir}.
     *
     * @param mel (B, 80, T) to vocode instead of the reference's {@code mel2wav.inference()} input (e.g. the mel
     *     of a flow run), or null; the recorded draws (and any injected f0/source) must fit its length
     * @param faults faults to inject into the vocoder ({@link FaultPlan#NONE} normally)
     */
    public Result run(Path outDir, Injection injection, Tensor mel, FaultPlan faults) throws IOException {
        Torch.prepareThread();
        long t0 = System.nanoTime();
        Map<String, Object> producer = Map.of("name", "parity-workbench HiFT port", "language", "java",
                "framework", dev.parity.io.BuildInfo.FRAMEWORK);
        TraceWriter writer = TraceWriter.create(outDir, producer, "mel2wav replay of " + reference.dir()
                + ", injection " + injection);
        float[] wav;
        long[] shape;
        try (TraceWriterSink sink = new TraceWriterSink(writer); NDManager scope = manager.newSubManager()) {
            NDArray out = vocode(scope, new RunContext(sink, faults, StageFeed.NONE), injection, mel); // (B, L)
            wav = out.toFloatArray();
            shape = out.getShape().getShape();
            sink.finish(); // only a run that ended normally is marked complete (after the queued writes)
        }
        Path wavFile = outDir.resolve("final.wav");
        Wav.write(wavFile, wav, model.config().sampling_rate(), Wav.Encoding.PCM16);
        return new Result(outDir, wavFile, wav, shape, writer.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Runs without writing anything; returns final.wav (B, L) as floats. {@code mel} as in {@link #run}. */
    public float[] runInMemory(Injection injection, Tensor mel) {
        Torch.prepareThread();
        try (NDManager scope = manager.newSubManager()) {
            return vocode(scope, RunContext.OFF, injection, mel).toFloatArray();
        }
    }

    private NDArray vocode(NDManager scope, RunContext ctx, Injection injection, Tensor melOrNull) {
        NDArray mel = melOrNull != null ? NDTensors.toNDArray(scope, melOrNull)
                : input(scope, "mel2wav.inference()", EntryKind.IN, null); // (B, 80, T)
        NDArray cache = input(scope, "mel2wav.inference()", EntryKind.IN, "cache_source"); // (1, 1, 0)
        HiFTGenerator.Injection inject = new HiFTGenerator.Injection(
                injection != Injection.NONE ? input(scope, "mel2wav.f0_predictor", EntryKind.OUT, null) : null,
                injection == Injection.F0_AND_SOURCE ? input(scope, "mel2wav.decode()", EntryKind.IN, "s") : null);
        RandomDraws draws = new RandomDraws(dump.noise(), firstVocoderDraw());
        NDList out = model.inference(ctx, draws, mel, cache, inject);
        NDArray wav = applyTrimFade(out.get(0)); // (B, L) after trim_fade
        if (ctx.tracing()) {
            ctx.sink().record(new EntryId("final.wav", 0, EntryKind.FINAL, null), "final output", wav);
        }
        return wav;
    }

    /** Index of the first vocoder draw among the reference's recorded draws (1 after the flow's cfm_z). */
    private int firstVocoderDraw() {
        int i = 0;
        for (TraceEntry e : reference.entries()) {
            if (e.kind() == EntryKind.RNG) {
                if (FIRST_DRAW.equals(e.arg())) {
                    return i;
                }
                i++;
            }
        }
        throw new IllegalArgumentException(reference.dir() + ": no recorded draw labelled '" + FIRST_DRAW + "'");
    }

    /** S3Token2Wav's {@code wav[:, :960] *= trim_fade} on a copy. */
    static NDArray applyTrimFade(NDArray wav) {
        int batch = Math.toIntExact(wav.getShape().get(0));
        float[] v = TrimFade.apply(wav.toFloatArray(), batch);
        return wav.getManager().create(v, wav.getShape());
    }

    private NDArray input(NDManager scope, String name, EntryKind kind, String arg) {
        TraceEntry e = reference.get(new EntryId(name, 0, kind, arg));
        if (e == null) {
            throw new IllegalArgumentException(reference.dir() + ": reference trace has no entry " + name
                    + " call 0 " + kind.label() + (arg == null ? "" : " " + arg));
        }
        return NDTensors.toNDArray(scope, reference.tensor(e));
    }

    @Override
    public void close() {
        manager.close();
    }
}
