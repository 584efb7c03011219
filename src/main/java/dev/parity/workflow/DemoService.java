package dev.parity.workflow;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.compare.TraceComparator;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.FileTrees;
import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.io.Wav;
import dev.parity.localize.ConditioningPolicy;
import dev.parity.port.audio.SampleRates;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.run.ConditioningRun;
import dev.parity.port.run.PipelineLoadAudit;
import dev.parity.port.run.ReferenceRun;
import dev.parity.weights.LoadAuditResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo, one part at a time (what {@code parity demo} does): the Java S3Gen, T3 and conditioning ports on
 * reference dumps, each run into a candidate trace and compared with the upstream one. Each part returns its
 * comparison; writing reports and printing are the caller's.
 */
public final class DemoService {
    /** A file in a demo output directory that marks it as ours, so a re-run may replace it. */
    public static final String MARKER = ".parity-demo";
    /** The bundled dumps, relative to the repository. */
    public static final String BUNDLED = "reference-dumps/s3gen-small-seed1";
    public static final String BUNDLED_T3 = "reference-dumps/t3-small-seed1";
    public static final String BUNDLED_CONDITIONING = "reference-dumps/cond-small-seed1";
    /** The T3 dump's sampled tokens, raw and post-processed, that must equal the reference's. */
    private static final List<String> T3_TOKENS = List.of("final.speech_tokens_raw", "final.speech_tokens");

    /**
     * The S3Gen part.
     *
     * @param wav the generated audio (24 kHz, 16-bit)
     * @param audit the load audit of the Java pipeline's weights
     */
    public record S3GenPart(Path candidate, int entries, double seconds, Comparison comparison, Path wav,
                            LoadAuditResult audit) {
        public boolean passed() {
            return comparison.allPassed() && audit.ok();
        }
    }

    /** One sampled-token entry of T3: how many tokens the port sampled and whether they are the reference's. */
    public record TokenCheck(String name, int tokens, int referenceTokens, boolean equal) {
    }

    /** The T3 part. */
    public record T3Part(Path candidate, int entries, double seconds, Comparison comparison, List<TokenCheck> tokens) {
        public T3Part {
            tokens = List.copyOf(tokens);
        }

        public boolean passed() {
            return comparison.allPassed() && tokens.stream().allMatch(TokenCheck::equal);
        }
    }

    /** The conditioning part. */
    public record ConditioningPart(Path candidate, int entries, double seconds, Comparison comparison) {
        public boolean passed() {
            return comparison.allPassed();
        }
    }

    private DemoService() {
    }

    /** The demo's tolerance: rel L2 1e-4, vocoder 1e-3; integers exact. */
    public static CompareOptions options() {
        Tolerance base = new Tolerance(1e-5, 1e-4, Statistic.REL_L2, 1);
        Tolerance vocoder = new Tolerance(1e-5, 1e-3, Statistic.REL_L2, 1);
        TolerancePolicy p = TolerancePolicy.of(base);
        for (String glob : List.of("mel2wav.**", "s3gen.inference()", "s3gen.hift_inference()", "final.wav")) {
            p = p.withOverride(glob, vocoder);
        }
        return CompareOptions.defaults().withPolicy(p);
    }

    /**
     * Creates {@code dir}, or empties it when a previous demo made it.
     *
     * @throws FormatException when it exists, is not empty and was not made by the demo
     */
    public static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new FormatException(dir, "exists and was not made by 'parity demo'; choose another --out");
            }
            FileTrees.delete(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by parity demo; the next demo run replaces this directory\n");
    }

    /**
     * The Java S3Gen pipeline (flow + HiFT) on {@code refDir} into {@code outDir/candidate}, compared under
     * {@link #options()}; its audio in {@code outDir/demo.wav}; the load audit of its weights.
     */
    public static S3GenPart s3gen(Path refDir, Path outDir) throws IOException {
        Path cand = outDir.resolve("candidate");
        ReferenceRun.Summary run = ReferenceRun.run(refDir, cand,
                new ReferenceRun.Options(ReferenceRun.Stage.ALL, true, HiFTGenerator::create));
        Comparison c = TraceComparator.compare(TraceReader.read(refDir), TraceReader.read(cand), options());
        Path wav = writeWav(TraceReader.read(cand), outDir.resolve("demo.wav"));
        return new S3GenPart(cand, run.entries(), run.seconds(), c, wav, PipelineLoadAudit.of(refDir));
    }

    /**
     * The Java T3 on {@code refDir} with the recorded draws injected into {@code dir/candidate}, compared entry by
     * entry, its sampled tokens checked against the reference's.
     */
    public static T3Part t3(Path refDir, Path dir) {
        Path cand = dir.resolve("candidate");
        ReferenceRun.Summary run = ReferenceRun.runT3(refDir, cand, ReferenceRun.T3Options.recorded(), FaultPlan.NONE);
        Trace ref = TraceReader.read(refDir);
        Trace got = TraceReader.read(cand);
        Comparison c = TraceComparator.compare(ref, got, options());
        List<TokenCheck> tokens = new ArrayList<>();
        for (String name : T3_TOKENS) {
            EntryId id = new EntryId(name, 0, EntryKind.FINAL, null);
            long[] a = ref.tensor(ref.get(id)).toLongArray();
            long[] b = got.get(id) == null ? new long[0] : got.tensor(got.get(id)).toLongArray();
            tokens.add(new TokenCheck(name, b.length, a.length, Arrays.equals(a, b)));
        }
        return new T3Part(cand, run.entries(), run.seconds(), c, tokens);
    }

    /**
     * The Java {@code prepare_conditionals} on {@code refDir} from its WAV file (ported resamplers) into
     * {@code dir/candidate}, compared under {@link ConditioningPolicy}.
     */
    public static ConditioningPart conditioning(Path refDir, Path dir) {
        Trace ref = TraceReader.read(refDir);
        Path cand = dir.resolve("candidate");
        ReferenceRun.Summary run = ConditioningRun.run(refDir, cand, true, FaultPlan.NONE);
        Comparison c = TraceComparator.compare(ref, TraceReader.read(cand), ConditioningPolicy.options());
        return new ConditioningPart(cand, run.entries(), run.seconds(), c);
    }

    private static Path writeWav(Trace cand, Path file) throws IOException {
        TraceEntry e = cand.get(new EntryId("final.wav", 0, EntryKind.FINAL, null));
        if (e == null) {
            throw new FormatException(cand.dir(), "the candidate trace has no final.wav entry");
        }
        Wav.write(file, cand.tensor(e).toFloatArray(), SampleRates.S3GEN_SR, Wav.Encoding.PCM16);
        return file;
    }
}
