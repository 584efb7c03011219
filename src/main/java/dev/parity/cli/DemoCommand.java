package dev.parity.cli;

import dev.parity.compare.Comparison;
import dev.parity.io.ProjectHome;
import dev.parity.report.ComparisonDocument;
import dev.parity.report.Report;
import dev.parity.report.ReportWriters;
import dev.parity.report.WeightsDocuments;
import dev.parity.report.doc.TextRenderer;
import dev.parity.workflow.DemoService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parity demo}: runs the Java S3Gen pipeline (flow + HiFT) on the bundled reference dump, compares its trace
 * with the upstream one, prints the summary and writes an HTML/JSON/Markdown report and the generated audio
 * ({@link DemoService}); then the same for T3 and the conditioning front end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the Java S3Gen port on the bundled reference dump, compare it with the upstream trace,",
            "and write a report and the generated 24 kHz audio; then the same for the Java T3 port on the bundled",
            "T3 dump (recorded draws injected; sampled tokens must equal the reference's). Needs no display.",
            "Tolerance: relative L2 error <= 1e-4 per entry (1e-3 for the vocoder, whose sine phase is a running sum",
            "that amplifies float32 rounding of f0 about 50x); exact for integer entries."})
public final class DemoCommand implements Callable<Integer> {
    static final String BUNDLED = DemoService.BUNDLED;
    static final String BUNDLED_T3 = DemoService.BUNDLED_T3;

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
        Path home = ProjectHome.dir();
        Path refDir = ref != null ? ref : home.resolve(BUNDLED);
        Path outDir = out != null ? out : home.resolve("target/demo");
        DemoService.prepare(outDir);
        PrintWriter w = spec.commandLine().getOut();
        w.println("Reference dump: " + refDir);
        BackendNotice backend = BackendNotice.check(refDir, w);
        w.println("Running the Java pipeline (flow + HiFT) ...");
        w.flush();
        DemoService.S3GenPart s3gen = DemoService.s3gen(refDir, outDir);
        w.printf(Locale.ROOT, "Candidate trace: %s (%d entries, pipeline %.2f s)%n", s3gen.candidate(),
                s3gen.entries(), s3gen.seconds());
        Comparison c = s3gen.comparison();
        w.print(TextRenderer.render(ComparisonDocument.finals(c, 5)));
        Report report = new Report(refDir.getFileName() + " vs Java port", Instant.now(), c);
        for (String f : List.of("report.html", "report.json", "report.md")) {
            ReportWriters.write(report, outDir.resolve(f));
        }
        Files.writeString(outDir.resolve("weights-audit.txt"),
                TextRenderer.render(WeightsDocuments.audit(s3gen.audit())));
        w.println("Load audit of the Java pipeline: " + s3gen.audit().counts() + " ("
                + outDir.resolve("weights-audit.txt") + ")");
        w.println("Report: " + outDir.resolve("report.html"));
        w.println("Audio: " + s3gen.wav() + " (24 kHz, 16-bit)");
        w.println(c.passed() + " passed, " + c.failed() + " failed");
        boolean t3 = t3(w, t3Ref != null ? t3Ref : home.resolve(BUNDLED_T3), outDir.resolve("t3"));
        boolean conditioning = ConditioningDemo.run(home.resolve(ConditioningDemo.BUNDLED),
                outDir.resolve("conditioning"), w);
        backend.report();
        w.flush();
        return s3gen.passed() && t3 && conditioning ? ExitCodes.OK : ExitCodes.DIVERGED;
    }

    /** The T3 part ({@link DemoService#t3}), printed, its report files in {@code dir}. True when everything matches. */
    private static boolean t3(PrintWriter w, Path refDir, Path dir) throws IOException {
        w.println();
        w.println("T3 reference dump: " + refDir);
        w.println("Running the Java T3 (text -> speech tokens, recorded draws) ...");
        w.flush();
        DemoService.T3Part t3 = DemoService.t3(refDir, dir);
        w.printf(Locale.ROOT, "T3 candidate trace: %s (%d entries, T3 %.2f s)%n", t3.candidate(), t3.entries(),
                t3.seconds());
        Comparison c = t3.comparison();
        w.print(TextRenderer.render(ComparisonDocument.finals(c, 5)));
        for (DemoService.TokenCheck t : t3.tokens()) {
            w.println("  " + t.name() + ": " + t.tokens() + " tokens, " + (t.equal()
                    ? "equal to the reference's" : "DIFFERENT from the reference's " + t.referenceTokens()));
        }
        Report report = new Report(refDir.getFileName() + " vs Java T3 port", Instant.now(), c);
        for (String f : List.of("report.html", "report.json", "report.md")) {
            ReportWriters.write(report, dir.resolve(f));
        }
        w.println("T3 report: " + dir.resolve("report.html"));
        w.println("T3: " + c.passed() + " passed, " + c.failed() + " failed");
        w.flush();
        return t3.passed();
    }

}
