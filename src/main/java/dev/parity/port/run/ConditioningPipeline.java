package dev.parity.port.run;

import ai.djl.ndarray.NDManager;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.port.cond.CondConfig;
import dev.parity.port.cond.Conditioning;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.Torch;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.port.nn.Weights;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The conditioning models (S3 tokenizer, CAMPPlus, VoiceEncoder) built from checkpoints, ready to run many times:
 * {@code tokenizer.*} and {@code speaker_encoder.*} from an S3Gen checkpoint, the VoiceEncoder from
 * {@code ve.safetensors} (keys without prefix are read as {@code ve.<key>}; a file whose keys already start with
 * {@code ve.}, like a reference dump's, is read as stored). Loading is strict ({@link Weights}). Parameters live on
 * this object's manager; each run on a sub-manager closed when it returns.
 */
public final class ConditioningPipeline implements AutoCloseable {
    /** Keys a strict load leaves unused by design: BatchNorm counters, training-only and computed tensors. */
    public static final String UNUSED_BY_DESIGN =
            ".*\\.num_batches_tracked|ve\\.similarity_(weight|bias)|tokenizer\\.(_mel_filters|window)";
    private static final String VE = "ve.";
    private final NDManager manager;
    private final Weights s3gen;
    private final Weights ve;
    private final Conditioning model;

    private ConditioningPipeline(NDManager manager, Weights s3gen, Weights ve, Conditioning model) {
        this.manager = manager;
        this.s3gen = s3gen;
        this.ve = ve;
        this.model = model;
    }

    /**
     * @throws dev.parity.port.nn.WeightLoadException when a needed key is missing or mis-shaped
     * @throws dev.parity.io.FormatException when a file is not a readable safetensors file
     */
    public static ConditioningPipeline load(Path s3genCheckpoint, Path veCheckpoint, CondConfig cfg) {
        SafetensorsFile s3 = Safetensors.open(s3genCheckpoint);
        SafetensorsFile veFile = veCheckpoint.equals(s3genCheckpoint) ? s3 : Safetensors.open(veCheckpoint);
        NDManager m = Torch.newManager();
        try {
            Weights s3w = Weights.of(s3, m);
            Weights vew = veFile == s3 ? s3w : veWeights(veFile, m);
            Conditioning model = new Conditioning(s3w, vew, cfg);
            s3w.finish();
            vew.finish();
            return new ConditioningPipeline(m, s3w, vew, model);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** {@code ve.safetensors} keys as {@code ve.<key>} unless they carry the prefix already. */
    private static Weights veWeights(SafetensorsFile f, NDManager m) {
        boolean prefixed = f.entries().keySet().stream().allMatch(k -> k.startsWith(VE));
        if (prefixed) {
            return Weights.of(f, m);
        }
        Map<String, Tensor> byName = new LinkedHashMap<>();
        f.entries().keySet().forEach(k -> byName.put(VE + k, f.tensor(k)));
        return Weights.of(f.path() + " (keys read as 've.<key>')", byName, m);
    }

    /** The seven conditionals on the heap, in {@code final.*} order, and the run's wall time. */
    public record Result(Map<String, Tensor> conditionals, double seconds) {
    }

    /** One {@code prepare_conditionals} from the waves with the context's faults and feed; its sink is not closed. */
    public Result run(Conditioning.Waves waves, double exaggeration, RunContext ctx) {
        Torch.prepareThread();
        long t0 = System.nanoTime();
        try (NDManager run = manager.newSubManager()) {
            Conditioning.Output out = model.prepare(ctx, run, waves, exaggeration);
            Map<String, Tensor> heap = new LinkedHashMap<>();
            out.byName().forEach((k, v) -> heap.put(k, TraceWriterSink.toTensor(v)));
            return new Result(heap, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The models (for replaying single modules on recorded inputs). */
    public Conditioning model() {
        return model;
    }

    /**
     * One {@code prepare_conditionals} from a recording (mono float32 at any rate the soxr port plans): the waves
     * with the ported resamplers ({@link Conditioning#waves}), then {@link #run}.
     */
    public Result run(float[] samples, int sampleRate, double exaggeration, RunContext ctx) {
        Torch.prepareThread();
        long t0 = System.nanoTime();
        try (NDManager run = manager.newSubManager()) {
            Conditioning.Output out = model.prepare(ctx, run, model.waves(ctx, run, samples, sampleRate),
                    exaggeration);
            Map<String, Tensor> heap = new LinkedHashMap<>();
            out.byName().forEach((k, v) -> heap.put(k, TraceWriterSink.toTensor(v)));
            return new Result(heap, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Checkpoint keys (VoiceEncoder keys as {@code ve.<key>}) no module took. */
    public Set<String> unusedKeys() {
        Set<String> u = new TreeSet<>(s3gen.unusedKeys());
        if (ve != s3gen) {
            u.addAll(ve.unusedKeys());
        }
        return u;
    }

    @Override
    public void close() {
        manager.close();
    }
}
