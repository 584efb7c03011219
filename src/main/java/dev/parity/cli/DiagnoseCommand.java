package dev.parity.cli;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.MappingRules;
import dev.parity.io.InputSet;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.Birth;
import dev.parity.localize.ConditioningPolicy;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.FaultCatalog;
import dev.parity.localize.PortRun;
import dev.parity.localize.Replay;
import dev.parity.localize.StageSwaps;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.ConditioningRun;
import dev.parity.localize.Localizer;
import dev.parity.localize.NoiseFloor;
import java.io.IOException;
import java.nio.file.Files;
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
        FaultPlan plan = FaultCatalog.plan(faults);
        Trace ref = TraceReader.read(reference).requireFinished();
        Trace floorRef = floorTrace == null || isSelf(floorTrace) ? null
                : TraceReader.read(floorTrace).requireFinished();
        Trace given = candidate == null ? null : TraceReader.read(candidate).requireFinished();
        InputSet inputs = new InputSet().addTrace(ref, "the reference");
        if (given != null) {
            inputs.addTrace(given, "the candidate");
        }
        if (floorRef != null) {
            inputs.addTrace(floorRef, "the --tolerance-from trace");
        }
        if (mapFile != null) {
            inputs.add(mapFile, "the --map file");
        }
        Outputs.check(spec, inputs, "--report", reports);
        Diagnosis d;
        try (ReferenceRun.Loaded loaded = candidate == null && isS3Gen(reference) ? javaPipeline() : null) {
            d = diagnose(ref, floorRef, given, loaded, plan);
        }
        spec.commandLine().getOut().print(TextRenderer.render(DiagnosisDocuments.summary(d)));
        if (candidate == null) {
            spec.commandLine().getOut().println("Candidate: the Java pipeline run on REF" + (plan.isEmpty() ? ""
                    : " with " + plan.injections()) + (keepRun != null ? ", trace in " + keepRun : ""));
        }
        String title = "Diagnosis: " + reference.getFileName() + " vs " + (candidate != null
                ? candidate.getFileName() : "the Java pipeline" + (plan.isEmpty() ? "" : " with " + plan.injections()));
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
        return d.diverged() || missingFails > 0 || d.comparison().nothingCompared() ? Main.DIVERGED : Main.OK;
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

    private static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        deleteOnExit(dir);
        return dir;
    }

    /** Whether REF is an S3Gen dump (not T3, not conditioning): its Java pipeline is built once for everything. */
    private static boolean isS3Gen(Path reference) {
        return !ConditioningRun.isConditioningDump(reference) && !StageSwaps.of(reference).equals(StageSwaps.T3);
    }

    /** The S3Gen pipeline built once from REF, for the run, the stage swaps and the replay. */
    private ReferenceRun.Loaded javaPipeline() {
        BackendNotice.check(reference, spec.commandLine().getOut());
        return PortRun.load(reference);
    }

    /**
     * The diagnosis of {@code given}, or of the Java run with its stage swaps and replay: on {@code loaded} (an
     * S3Gen dump, built once) or, for other dumps, one run per step.
     */
    private Diagnosis diagnose(Trace ref, Trace floorRef, Trace given, ReferenceRun.Loaded loaded, FaultPlan plan)
            throws IOException {
        Trace cand = given != null ? given : loaded != null ? javaRun(loaded, plan)
                : TraceReader.read(javaRun(plan)).requireFinished();
        Path selfRun = isSelf(floorTrace) ? tempDir("parity-self-floor") : null;
        NoiseFloor floor = selfRun != null ? NoiseFloor.self(reference, ref, selfRun)
                : floorRef == null ? NoiseFloor.none() : NoiseFloor.measure(ref, floorRef);
        boolean conditioning = ConditioningRun.isConditioningDump(reference);
        CompareOptions base = conditioning && floor.isEmpty() ? ConditioningPolicy.options() : CompareOptions.defaults();
        Localizer localizer = new Localizer(base.withRules(rules()), floor);
        Diagnosis unfed = localizer.diagnose(ref, cand);
        Diagnosis d = unfed;
        if (selfRun != null && candidate == null) {
            Birth b = Birth.float64Rerun(reference, TraceReader.read(selfRun), tempDir("parity-float64-run"), plan,
                    floor);
            if (b != null && (d.earlierBirth() == null || b.entryIndex() <= d.earlierBirth().entryIndex())) {
                d = d.withBirth(b);
            }
        }
        if (conditioning) { // the stage swaps know S3Gen's stage boundaries only
            noStageSwaps = true;
        }
        if (candidate == null && !noStageSwaps) {
            d = d.withStageSwaps(loaded != null
                    ? StageSwaps.run(loaded, Path.of("stage-swaps"), plan, localizer, StageSwaps.S3GEN, unfed)
                    : StageSwaps.run(reference, tempDir("parity-stage-swaps"), plan, localizer,
                            StageSwaps.of(reference)));
        }
        if (candidate == null && d.culprit() != null) {
            d = d.withReplays(replays(loaded, d, plan, localizer, floor));
        }
        return d;
    }

    private List<dev.parity.localize.ReplayResult> replays(ReferenceRun.Loaded loaded, Diagnosis d, FaultPlan plan,
                                                           Localizer localizer, NoiseFloor floor) {
        if (loaded == null) {
            return Replay.culprit(reference, d.culprit(), plan, localizer.effectiveOptions().policy(), floor);
        }
        try (Replay r = Replay.of(loaded)) {
            return Replay.culprit(r, d.culprit(), plan, localizer.effectiveOptions().policy(), floor);
        }
    }

    /** The Java run on REF's loaded pipeline: written to --keep-run, else kept in memory (it is only compared). */
    private Trace javaRun(ReferenceRun.Loaded loaded, FaultPlan plan) {
        return keepRun != null
                ? TraceReader.read(PortRun.run(loaded, keepRun, plan, StageFeed.NONE)).requireFinished()
                : PortRun.runInMemory(loaded, Path.of("java-run (in memory)"), plan, StageFeed.NONE);
    }

    /** Runs the Java pipeline on REF into --keep-run or a temporary directory (removed at exit). */
    private Path javaRun(FaultPlan plan) throws IOException {
        BackendNotice.check(reference, spec.commandLine().getOut());
        Path dir = keepRun != null ? keepRun : Files.createTempDirectory("parity-diagnose-run");
        if (keepRun == null) {
            deleteOnExit(dir);
        }
        return PortRun.run(reference, dir, plan);
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dev.parity.io.FileTrees.deleteQuietly(dir)));
    }

    private MappingRules rules() throws IOException {
        if (mapFile == null) {
            return MappingRules.NONE;
        }
        return MappingRules.read(mapFile);
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
