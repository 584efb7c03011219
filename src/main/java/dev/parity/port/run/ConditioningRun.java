package dev.parity.port.run;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.io.TraceWriter;
import dev.parity.io.Wav;
import dev.parity.port.audio.SampleRates;
import dev.parity.port.audio.SoxrResample;
import dev.parity.port.cond.CondConfig;
import dev.parity.port.cond.Conditioning;
import dev.parity.port.nn.FilteringSink;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.RunContext;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.TraceSink;
import dev.parity.port.nn.TraceWriterSink;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the conditioning port ({@code prepare_conditionals}) on a conditioning reference dump (one whose
 * {@code config.json "model"} has {@code tokenizer} and {@code campplus}): builds the models from its
 * {@code weights.safetensors} ({@code ve.*} keys for the VoiceEncoder), reads {@code inputs/reference.wav}, resamples
 * it with the ported resamplers (soxr HQ for {@code librosa.load/resample}, torchaudio's windowed sinc in
 * {@code embed_ref}) and writes the candidate trace under the reference's names, minus what the reference's
 * {@code "trace"} settings exclude. Given {@link #wavesFeed}, the resampled waves come from the reference.
 */
public final class ConditioningRun {
    /** The identities of the recorded waves a run starts from. */
    public static final EntryId WAV24 = new EntryId("librosa.load()", 0, EntryKind.OUT, null);
    public static final EntryId REF16K = new EntryId("librosa.resample()", 1, EntryKind.OUT, null);
    public static final EntryId TA16K = new EntryId("ta_resample_24000_16000", 0, EntryKind.OUT, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConditioningRun() {
    }

    /** True when {@code dir/config.json} describes a conditioning dump. */
    public static boolean isConditioningDump(Path dir) {
        Path cfg = dir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) {
            return false;
        }
        try {
            JsonNode model = JSON.readTree(cfg.toFile()).path("model");
            return model.has("tokenizer") && model.has("campplus");
        } catch (IOException e) {
            return false; // ReferenceDump reports the unreadable file
        }
    }

    /**
     * @param mimicReference drop what the reference's {@code "trace"} settings exclude ({@code exclude},
     *     {@code exclude_types})
     */
    public static ReferenceRun.Summary run(Path refDump, Path outDir, boolean mimicReference, FaultPlan faults) {
        return run(refDump, outDir, mimicReference, faults, StageFeed.NONE);
    }

    /** The same with the outputs of {@code feed} taken from the reference (e.g. {@link #wavesFeed}). */
    public static ReferenceRun.Summary run(Path refDump, Path outDir, boolean mimicReference, FaultPlan faults,
                                           StageFeed feed) {
        Path dir = refDump.toAbsolutePath().normalize();
        JsonNode config = readConfig(dir);
        CondConfig cfg = config(dir);
        Path wav = dir.resolve("inputs").resolve("reference.wav");
        Wav.Audio audio = Wav.read(wav);
        try {
            new SoxrResample(audio.sampleRate(), SampleRates.S3GEN_SR); // plans the resampling, or refuses the rate
        } catch (IllegalArgumentException e) {
            throw new FormatException(wav, e.getMessage(), e);
        }
        double exaggeration = config.path("exaggeration").asDouble(0.5);
        Path weights = dir.resolve("weights.safetensors");
        try (ConditioningPipeline p = ConditioningPipeline.load(weights, weights, cfg)) {
            TraceWriter writer = create(outDir, refDump);
            TraceWriterSink written = new TraceWriterSink(writer);
            TraceSink sink = written;
            if (mimicReference) {
                sink = new Excluding(sink, config.path("trace"));
            }
            ConditioningPipeline.Result r;
            try {
                r = p.run(audio.samples(), audio.sampleRate(), exaggeration, new RunContext(sink, faults, feed));
                written.finish(); // only a run that ended normally is marked complete (after the queued writes)
            } finally {
                sink.close();
            }
            return new ReferenceRun.Summary(outDir, writer.size(), r.seconds(), p.unusedKeys());
        }
    }

    /** The models of a conditioning dump, from its config and weights (for replays). */
    public static ConditioningPipeline pipeline(Path refDump) {
        Path dir = refDump.toAbsolutePath().normalize();
        Path weights = dir.resolve("weights.safetensors");
        return ConditioningPipeline.load(weights, weights, config(dir));
    }

    private static CondConfig config(Path dir) {
        try {
            return CondConfig.fromJson(readConfig(dir).path("model"));
        } catch (IllegalArgumentException e) {
            throw new FormatException(dir.resolve("config.json"), e.getMessage(), e);
        }
    }

    /**
     * A stage feed with every resampler output of the reference ({@code soxr.resample()}, {@code librosa.resample()},
     * {@code librosa.load()}, {@code ta_resample_24000_16000}): a run given it checks everything after resampling
     * exactly on the reference's waves.
     */
    public static StageFeed wavesFeed(Trace ref) {
        Map<EntryId, Tensor> m = new LinkedHashMap<>();
        for (TraceEntry e : ref.entries()) {
            boolean wave = e.kind() == EntryKind.OUT && e.arg() == null && (e.name().equals("soxr.resample()")
                    || e.name().equals("librosa.resample()") || e.name().equals("librosa.load()")
                    || e.name().equals(TA16K.name()));
            if (wave) {
                m.put(e.id(), ref.tensor(e));
            }
        }
        if (!m.containsKey(TA16K) || !m.containsKey(WAV24)) {
            throw new FormatException(ref.dir().resolve(TraceReader.MANIFEST), "no " + WAV24 + " or " + TA16K
                    + ": the reference does not record the resampled waves");
        }
        return new StageFeed(m);
    }

    private static JsonNode readConfig(Path dir) {
        Path cfg = dir.resolve("config.json");
        try {
            return JSON.readTree(cfg.toFile());
        } catch (IOException e) {
            throw new FormatException(cfg, "cannot read: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static TraceWriter create(Path outDir, Path refDump) {
        try {
            return TraceWriter.create(outDir, Map.of("name", "parity-workbench Java conditioning port",
                    "language", "java", "framework", dev.parity.io.BuildInfo.FRAMEWORK),
                    "prepare_conditionals on reference " + refDump.getFileName() + " (resampled waves fed)");
        } catch (IOException e) {
            throw new UncheckedIOException("creating trace directory " + outDir, e);
        }
    }

    /** Drops entries whose name matches {@code exclude} or whose module type matches {@code exclude_types}. */
    private static final class Excluding extends FilteringSink {
        private final Pattern names;
        private final Pattern types;

        Excluding(TraceSink next, JsonNode trace) {
            super(next);
            this.names = pattern(trace.get("exclude"));
            this.types = pattern(trace.get("exclude_types"));
        }

        private static Pattern pattern(JsonNode n) {
            return n == null || n.isNull() ? null : Pattern.compile(n.asText());
        }

        @Override
        protected boolean keeps(EntryId id, String moduleType) {
            boolean drop = (names != null && names.matcher(id.name()).find())
                    || (types != null && types.matcher(moduleType).find());
            return !drop || id.kind() == EntryKind.FINAL;
        }
    }
}
