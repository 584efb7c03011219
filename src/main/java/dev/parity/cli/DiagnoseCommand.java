package dev.parity.cli;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.MappingRules;
import dev.parity.io.InputSet;
import dev.parity.localize.Diagnosis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import dev.parity.report.Escape;
import dev.parity.report.doc.Documents;
import dev.parity.report.doc.TextRenderer;
import dev.parity.workflow.DiagnoseService;
import dev.parity.workflow.DiagnosisDocuments;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity diagnose REF --candidate CAND}: where the error is born and what kind it looks like. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Find where a candidate trace's error is born: the innermost module whose recorded inputs "
            + "match the reference but whose output (or a child's input) differs, origin vs inherited verdicts, "
            + "the ODE step matrix, a CFG check and audio-level checks; for a sampled run (T3) the first step whose "
            + "token differs, with its margin under argmax(p/q), and the step × layer view. The first line says "
            + "where the problem starts.",
            "Every reference entry the candidate lacks is a failure (see --allow-missing, --only); an unfinished "
                + "candidate (\"complete\": false) is refused.",
            "Exit codes: 0 no divergence, 1 divergence found or entries missing, 2 usage error (also an output that "
                + "is an input), 3 unreadable or invalid input or an unwritable output, 4 internal error."})
public final class DiagnoseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "reference trace directory")
    Path reference;

    @Option(names = "--candidate", paramLabel = "CAND",
            description = "candidate trace directory (any producer); without it the Java pipeline runs on REF")
    Path candidate;

    @Option(names = "--inject-fault", paramLabel = "NAME[@MODULE]", completionCandidates = FaultNames.class,
            description = "without --candidate: inject a catalog fault into the Java run (repeatable); names: "
                + "${COMPLETION-CANDIDATES}")
    List<String> faults = new ArrayList<>();

    @Option(names = "--no-stage-swaps",
            description = "without --candidate: skip the stage swaps (one more Java run per stage boundary)")
    boolean noStageSwaps;

    @Option(names = "--keep-run", paramLabel = "DIR",
            description = "without --candidate: write the Java run's trace to DIR (new or empty) and keep it")
    Path keepRun;

    @Option(names = "--tolerance-from", paramLabel = "FLOOR_TRACE|self",
            description = "second reference run of the same inputs (e.g. the float64 twin), or 'self': the Java "
                + "pipeline run in float64 on REF; per-entry tolerances become 10 × its spread from REF (rel L2), "
                + "at least 1e-6, and an error above 3 × the spread counts as born there. With 'self' and no "
                + "--candidate, the Java run is repeated in float64 too, to find errors below float32 rounding")
    Path floorTrace;

    @Option(names = "--map", paramLabel = "FILE", description = "name-mapping rules for the candidate's names")
    Path mapFile;

    @Option(names = "--report", paramLabel = "FILE",
            description = "write the diagnosis; format by extension .md .html .json; repeatable")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--allow-missing",
            description = "reference entries the candidate lacks are listed but do not fail the diagnosis")
    boolean allowMissing;

    @Option(names = "--only", paramLabel = "GLOB",
            description = "only reference entries whose name matches must be present in the candidate (glob or "
                + "re:REGEX; repeatable); divergences are judged on every aligned entry")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        checkUsage();
        MappingRules rules = mapFile == null ? MappingRules.NONE : MappingRules.read(mapFile);
        DiagnoseService.Job job = DiagnoseService.prepare(new DiagnoseService.Request(reference, candidate, faults,
                !noStageSwaps, keepRun, isSelf(floorTrace) ? null : floorTrace, isSelf(floorTrace), rules));
        InputSet inputs = job.inputs();
        if (mapFile != null) {
            inputs.add(mapFile, "the --map file");
        }
        Outputs.check(spec, inputs, "--report", reports);
        DiagnoseService.Outcome outcome = job.run();
        Diagnosis d = outcome.diagnosis();
        BackendNotice.print(outcome.backendNotes(), spec.commandLine().getErr()); // stdout's first line: the finding
        spec.commandLine().getOut().print(TextRenderer.render(DiagnosisDocuments.summary(d)));
        if (outcome.javaRun()) {
            spec.commandLine().getOut().println("Candidate: the Java pipeline run on REF" + outcome.withInjections()
                    + (keepRun != null ? ", trace in " + keepRun : ""));
        }
        String title = outcome.title();
        for (Path r : reports) {
            Documents.write(DiagnosisDocuments.report(d, title), r);
            spec.commandLine().getOut().println("Report: " + r);
        }
        long missingFails = missingFailures(d);
        if (missingFails > 0) {
            spec.commandLine().getOut().println(missingFails + " reference entries missing in the candidate, each a "
                    + "failure (first: " + Escape.terminal(firstMissing(d)) + "); --allow-missing or --only to "
                    + "diagnose part of a model");
        } else if (d.comparison().nothingCompared()) {
            spec.commandLine().getOut().println("Nothing compared: no reference entry has a candidate counterpart.");
        }
        spec.commandLine().getOut().flush();
        return d.diverged() || missingFails > 0 || d.comparison().nothingCompared() ? ExitCodes.DIVERGED : ExitCodes.OK;
    }

    private void checkUsage() {
        for (Path r : reports) {
            try {
                checkFormat(r);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--report: " + e.getMessage());
            }
        }
        if (candidate != null && (!faults.isEmpty() || keepRun != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--inject-fault and --keep-run apply to the Java run, not to a given --candidate");
        }
        try {
            CompareOptions.defaults().withOnly(only);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--only: bad pattern: " + e.getDescription());
        }
    }

    /** Missing entries that fail: none with --allow-missing, else those --only selects (all without it). */
    private long missingFailures(Diagnosis d) {
        if (allowMissing) {
            return 0;
        }
        CompareOptions sel = CompareOptions.defaults().withOnly(only);
        return d.comparison().missingResults().stream().filter(r -> sel.selects(r.reference())).count();
    }

    private String firstMissing(Diagnosis d) {
        CompareOptions sel = CompareOptions.defaults().withOnly(only);
        return d.comparison().missingResults().stream().filter(r -> sel.selects(r.reference())).findFirst()
                .map(r -> r.reference().id().toString()).orElse("");
    }

    /** {@code --tolerance-from self}: the Java float64 run instead of a floor trace. */
    static boolean isSelf(Path floorTrace) {
        return floorTrace != null && floorTrace.toString().equals("self");
    }

    /** A diagnosis report is Markdown, HTML or JSON. */
    private static void checkFormat(Path r) {
        Documents.Format f;
        try {
            f = Documents.formatOf(r);
        } catch (IllegalArgumentException e) {
            f = Documents.Format.TEXT;
        }
        if (f == Documents.Format.TEXT) {
            throw new IllegalArgumentException("unknown report format for '" + r + "' (use .md, .html or .json)");
        }
    }
}
