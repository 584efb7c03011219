package dev.parity.cli;

import dev.parity.compare.Comparison;
import dev.parity.compare.TraceComparator;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.ConditioningPolicy;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.run.ConditioningRun;
import dev.parity.port.run.ReferenceRun;
import dev.parity.report.Report;
import dev.parity.report.ReportWriters;
import dev.parity.report.ComparisonDocument;
import dev.parity.report.doc.TextRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The conditioning part of {@code parity demo}: the Java {@code prepare_conditionals} on the bundled
 * {@code cond-small-seed1} from its WAV file (ported soxr and torchaudio resamplers), compared with the upstream trace under
 * {@link ConditioningPolicy}; trace and reports in {@code OUT/conditioning/}.
 */
final class ConditioningDemo {
    static final String BUNDLED = "reference-dumps/cond-small-seed1";

    private ConditioningDemo() {
    }

    /** Runs, compares, prints and writes the reports; true when every aligned entry passed. */
    static boolean run(Path refDir, Path outDir, PrintWriter w) throws IOException {
        w.println("Conditioning reference dump: " + refDir);
        w.println("Running the Java conditioning front end from inputs/reference.wav (ported resamplers) ...");
        w.flush();
        Trace ref = TraceReader.read(refDir);
        Path cand = outDir.resolve("candidate");
        ReferenceRun.Summary run = ConditioningRun.run(refDir, cand, true, FaultPlan.NONE);
        w.printf(Locale.ROOT, "Conditioning candidate trace: %s (%d entries, %.2f s)%n", cand, run.entries(),
                run.seconds());
        Comparison c = TraceComparator.compare(ref, TraceReader.read(cand), ConditioningPolicy.options());
        w.print(TextRenderer.render(ComparisonDocument.finals(c, 0)));
        Report report = new Report(refDir.getFileName() + " vs Java conditioning port", Instant.now(), c);
        for (String f : List.of("report.html", "report.json", "report.md")) {
            ReportWriters.write(report, outDir.resolve(f));
        }
        w.println("Conditioning report: " + outDir.resolve("report.html"));
        return c.allPassed();
    }
}
