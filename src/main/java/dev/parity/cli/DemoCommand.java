package dev.parity.cli;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;
import dev.parity.compare.TraceComparator;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.io.Wav;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.run.PipelineLoadAudit;
import dev.parity.port.run.ReferenceRun;
import dev.parity.report.Report;
import dev.parity.report.ReportWriters;
import dev.parity.report.ComparisonDocument;
import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.TextRenderer;
import dev.parity.weights.LoadAuditResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parity demo}: runs the Java S3Gen pipeline (flow + HiFT) on the bundled reference dump, compares its trace
 * with the upstream one, prints the summary and writes an HTML/JSON/Markdown report and the generated audio.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the Java S3Gen port on the bundled reference dump, compare it with the upstream trace,",
            "and write a report and the generated 24 kHz audio; then the same for the Java T3 port on the bundled",
            "T3 dump (recorded draws injected; sampled tokens must equal the reference's). Needs no display.",
            "Tolerance: relative L2 error <= 1e-4 per entry (1e-3 for the vocoder, whose sine phase is a running sum",
            "that amplifies float32 rounding of f0 about 50x); exact for integer entries."})
public final class DemoCommand implements Callable<Integer> {
    /** A file in a demo output directory that marks it as ours, so a re-run may replace it. */
    static final String MARKER = ".parity-demo";
    static final String BUNDLED = "reference-dumps/s3gen-small-seed1";
    static final String BUNDLED_T3 = "reference-dumps/t3-small-seed1";

    @Spec
    CommandSpec spec;

    @Option(names = "--ref", paramLabel = "DIR", description = "reference dump (default: the bundled " + BUNDLED + ")")
    Path ref;

    @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: target/demo)")
    Path out;

    @Option(names = "--t3-ref", paramLabel = "DIR",
            description = "T3 reference dump (default: the bundled " + BUNDLED_T3 + ")")
    Path t3Ref;

    @Override
    public Integer call() throws IOException {
        Path home = Home.dir();
        Path refDir = ref != null ? ref : home.resolve(BUNDLED);
        Path outDir = out != null ? out : home.resolve("target/demo");
        prepare(outDir);
        PrintWriter w = spec.commandLine().getOut();
        w.println("Reference dump: " + refDir);
        BackendNotice backend = BackendNotice.check(refDir, w);
        w.println("Running the Java pipeline (flow + HiFT) ...");
        w.flush();
        Path cand = outDir.resolve("candidate");
        ReferenceRun.Summary run = ReferenceRun.run(refDir, cand,
                new ReferenceRun.Options(ReferenceRun.Stage.ALL, true, HiFTGenerator::create));
        w.printf(Locale.ROOT, "Candidate trace: %s (%d entries, pipeline %.2f s)%n", cand, run.entries(), run.seconds());
        Comparison c = TraceComparator.compare(TraceReader.read(refDir), TraceReader.read(cand), options());
        w.print(TextRenderer.render(ComparisonDocument.finals(c, 5)));
        Report report = new Report(refDir.getFileName() + " vs Java port", Instant.now(), c);
        for (String f : List.of("report.html", "report.json", "report.md")) {
            ReportWriters.write(report, outDir.resolve(f));
        }
        Path wav = writeWav(TraceReader.read(cand), outDir.resolve("demo.wav"));
        LoadAuditResult audit = PipelineLoadAudit.of(refDir);
        Files.writeString(outDir.resolve("weights-audit.txt"), TextRenderer.render(WeightsDocuments.audit(audit)));
        w.println("Load audit of the Java pipeline: " + audit.counts() + " (" + outDir.resolve("weights-audit.txt")
                + ")");
        w.println("Report: " + outDir.resolve("report.html"));
        w.println("Audio: " + wav + " (24 kHz, 16-bit)");
        w.println(c.passed() + " passed, " + c.failed() + " failed");
        boolean t3 = t3(w, t3Ref != null ? t3Ref : home.resolve(BUNDLED_T3), outDir.resolve("t3"));
        boolean conditioning = ConditioningDemo.run(home.resolve(ConditioningDemo.BUNDLED), outDir.resolve("conditioning"),
                w);
        backend.report();
        w.flush();
        return c.allPassed() && audit.ok() && t3 && conditioning ? Main.OK : Main.DIVERGED;
    }

    /**
     * The T3 part: the Java T3 on the T3 dump with the recorded draws injected, compared entry by entry, its sampled
     * tokens checked against the reference's; report files in {@code dir}. True when everything matches.
     */
    private static boolean t3(PrintWriter w, Path refDir, Path dir) throws IOException {
        w.println();
        w.println("T3 reference dump: " + refDir);
        w.println("Running the Java T3 (text -> speech tokens, recorded draws) ...");
        w.flush();
        Path cand = dir.resolve("candidate");
        ReferenceRun.Summary run = ReferenceRun.runT3(refDir, cand, ReferenceRun.T3Options.recorded(),
                dev.parity.port.nn.FaultPlan.NONE);
        w.printf(Locale.ROOT, "T3 candidate trace: %s (%d entries, T3 %.2f s)%n", cand, run.entries(), run.seconds());
        Trace ref = TraceReader.read(refDir);
        Trace got = TraceReader.read(cand);
        Comparison c = TraceComparator.compare(ref, got, options());
        w.print(TextRenderer.render(ComparisonDocument.finals(c, 5)));
        boolean same = true;
        for (String name : List.of("final.speech_tokens_raw", "final.speech_tokens")) {
            EntryId id = new EntryId(name, 0, EntryKind.FINAL, null);
            long[] a = ref.tensor(ref.get(id)).toLongArray();
            long[] b = got.get(id) == null ? new long[0] : got.tensor(got.get(id)).toLongArray();
            same &= java.util.Arrays.equals(a, b);
            w.println("  " + name + ": " + b.length + " tokens, " + (java.util.Arrays.equals(a, b)
                    ? "equal to the reference's" : "DIFFERENT from the reference's " + a.length));
        }
        Report report = new Report(refDir.getFileName() + " vs Java T3 port", Instant.now(), c);
        for (String f : List.of("report.html", "report.json", "report.md")) {
            ReportWriters.write(report, dir.resolve(f));
        }
        w.println("T3 report: " + dir.resolve("report.html"));
        w.println("T3: " + c.passed() + " passed, " + c.failed() + " failed");
        w.flush();
        return c.allPassed() && same;
    }

    /** The demo's tolerance: rel L2 1e-4, vocoder 1e-3; integers exact (see the command description). */
    static CompareOptions options() {
        Tolerance base = new Tolerance(1e-5, 1e-4, Statistic.REL_L2, 1);
        Tolerance vocoder = new Tolerance(1e-5, 1e-3, Statistic.REL_L2, 1);
        TolerancePolicy p = TolerancePolicy.of(base);
        for (String glob : List.of("mel2wav.**", "s3gen.inference()", "s3gen.hift_inference()", "final.wav")) {
            p = p.withOverride(glob, vocoder);
        }
        return CompareOptions.defaults().withPolicy(p);
    }

    private static Path writeWav(Trace cand, Path file) throws IOException {
        TraceEntry e = cand.get(new EntryId("final.wav", 0, EntryKind.FINAL, null));
        if (e == null) {
            throw new BadInputException(cand.dir() + ": the candidate trace has no final.wav entry");
        }
        Wav.write(file, cand.tensor(e).toFloatArray(), 24000, Wav.Encoding.PCM16);
        return file;
    }

    /** Creates {@code dir}, or empties it when a previous demo made it; refuses anything else. */
    static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new BadInputException(dir + ": exists and was not made by 'parity demo'; choose another --out");
            }
            dev.parity.io.FileTrees.delete(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by parity demo; the next demo run replaces this directory\n");
    }

}
