package dev.parity.cli;

import dev.parity.compare.Comparison;
import dev.parity.report.ComparisonDocument;
import dev.parity.report.Report;
import dev.parity.report.ReportWriters;
import dev.parity.report.doc.TextRenderer;
import dev.parity.workflow.DemoService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The conditioning part of {@code parity demo}, printed: the Java {@code prepare_conditionals} on the bundled
 * {@code cond-small-seed1} ({@link DemoService#conditioning}); trace and reports in {@code OUT/conditioning/}.
 */
final class ConditioningDemo {
    static final String BUNDLED = DemoService.BUNDLED_CONDITIONING;

    private ConditioningDemo() {
    }

    /** Runs, compares, prints and writes the reports; true when every aligned entry passed. */
    static boolean run(Path refDir, Path outDir, PrintWriter w) throws IOException {
        w.println("Conditioning reference dump: " + refDir);
        w.println("Running the Java conditioning front end from inputs/reference.wav (ported resamplers) ...");
        w.flush();
        DemoService.ConditioningPart part = DemoService.conditioning(refDir, outDir);
        w.printf(Locale.ROOT, "Conditioning candidate trace: %s (%d entries, %.2f s)%n", part.candidate(),
                part.entries(), part.seconds());
        Comparison c = part.comparison();
        w.print(TextRenderer.render(ComparisonDocument.finals(c, 0)));
        Report report = new Report(refDir.getFileName() + " vs Java conditioning port", Instant.now(), c);
        for (String f : List.of("report.html", "report.json", "report.md")) {
            ReportWriters.write(report, outDir.resolve(f));
        }
        w.println("Conditioning report: " + outDir.resolve("report.html"));
        return part.passed();
    }
}
