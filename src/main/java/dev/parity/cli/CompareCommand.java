package dev.parity.cli;

import dev.parity.compare.Alignment;
import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.InferredMap;
import dev.parity.compare.MappingRules;
import dev.parity.compare.NameMapInference;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TokenParity;
import dev.parity.compare.TolerancePolicy;
import dev.parity.compare.TraceComparator;
import dev.parity.io.AtomicFiles;
import dev.parity.io.InputSet;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.NoiseFloor;
import dev.parity.report.ComparisonDocument;
import dev.parity.report.Escape;
import dev.parity.report.doc.TextRenderer;
import dev.parity.report.Report;
import dev.parity.report.ReportWriters;
import dev.parity.report.Summaries;
import dev.parity.report.TokenReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parity compare REF CAND}: align two traces, measure, report. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare a candidate trace with a reference trace (directories holding manifest.json).",
            "Prints the first divergence, the worst entries and counts, and ends with 'N passed, N failed'.",
            "Every selected reference entry without a candidate counterpart is a failure (see --allow-missing, --only);",
            "an unfinished candidate (\"complete\": false, e.g. an interrupted parity run) is refused.",
            "For a sampled run (a T3 trace) it also prints the first step whose sampled token differs, with the "
                + "margin under argmax(p/q), and the reports hold the per-step token table and the step × layer view.",
            "Exit codes: 0 all within tolerance, 1 divergence found or entries missing, 2 usage error (also an "
                + "output that is an input), 3 unreadable or invalid input or an unwritable output, 4 internal error."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "reference trace directory")
    Path reference;

    @Parameters(index = "1", paramLabel = "CAND", description = "candidate trace directory")
    Path candidate;

    @Option(names = "--map", paramLabel = "FILE", description = "name-mapping rules for the candidate's names")
    Path mapFile;

    @Option(names = "--atol", description = "absolute tolerance (default: ${DEFAULT-VALUE})", defaultValue = "1e-5")
    double atol;

    @Option(names = "--rtol", description = "relative tolerance (default: ${DEFAULT-VALUE})", defaultValue = "1e-4")
    double rtol;

    @Option(names = "--statistic", paramLabel = "S", defaultValue = "elementwise",
            description = "elementwise | max | mean | quantile | rel_l2 (default: ${DEFAULT-VALUE})")
    String statistic;

    @Option(names = "--quantile", defaultValue = "0.999",
            description = "fraction that must pass with --statistic quantile (default: ${DEFAULT-VALUE})")
    double quantile;

    @Option(names = "--per-layer", paramLabel = "PATTERN=ATOL,RTOL",
            description = "tolerance for entries whose name matches a glob (or re:REGEX); repeatable")
    List<String> perLayer = new ArrayList<>();

    @Option(names = "--report", paramLabel = "FILE",
            description = "write a report; format by extension .json .md .html .csv .xml (JUnit); repeatable")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--worst", defaultValue = "10", description = "how many worst entries to print (>= 0)")
    int worst;

    @Option(names = "--allow-missing",
            description = "reference entries the candidate lacks are listed but do not fail the comparison")
    boolean allowMissing;

    @Option(names = "--only", paramLabel = "GLOB",
            description = "compare only reference entries whose name matches (glob as in --per-layer, or re:REGEX); "
                + "repeatable")
    List<String> only = new ArrayList<>();

    @Option(names = "--tolerance-from", paramLabel = "FLOOR_TRACE|self",
            description = "second reference run of the same inputs (e.g. the float64 twin), or 'self' (REF must be "
                + "a dump: the Java pipeline run in float64 on it): per-entry tolerance 10 × its spread from REF "
                + "(rel L2, at least 1e-6); --per-layer rules still take precedence")
    Path floorTrace;

    @Option(names = "--suggest-map", paramLabel = "FILE",
            description = "infer mapping rules from the entries that do not align (prefixes, camelCase/snake_case, "
                + "renamed components, index shifts; by names, shapes and execution order), write them to FILE "
                + "(your --map rules first) and print the command that uses them")
    Path suggestMap;

    @Override
    public Integer call() throws IOException {
        checkUsage();
        CompareOptions opts = options(NoiseFloor.none());
        Trace ref = TraceReader.read(reference).requireFinished();
        Trace cand = TraceReader.read(candidate).requireFinished();
        Trace floor = floorTrace == null || DiagnoseCommand.isSelf(floorTrace) ? null
                : TraceReader.read(floorTrace).requireFinished();
        InputSet inputs = new InputSet().addTrace(ref, "the reference").addTrace(cand, "the candidate");
        if (floor != null) {
            inputs.addTrace(floor, "the --tolerance-from trace");
            opts = options(NoiseFloor.measure(ref, floor));
        }
        if (mapFile != null) {
            inputs.add(mapFile, "the --map file");
        }
        Outputs.check(spec, inputs, "--report", reports);
        if (suggestMap != null) {
            Outputs.check(spec, inputs, "--suggest-map", List.of(suggestMap));
        }
        if (DiagnoseCommand.isSelf(floorTrace)) {
            Path run = java.nio.file.Files.createTempDirectory("parity-self-floor");
            try {
                opts = options(NoiseFloor.self(reference, ref, run));
            } finally {
                dev.parity.io.FileTrees.delete(run);
            }
        }
        Comparison c = TraceComparator.compare(ref, cand, opts);
        PrintWriter out = spec.commandLine().getOut();
        TokenParity tokens = TokenParity.of(ref, cand, c);
        out.print(TextRenderer.render(ComparisonDocument.terminal(c, worst)));
        if (suggestMap != null) {
            suggestMap(ref, cand, opts.rules(), out);
        }
        if (!tokens.isEmpty()) {
            out.println(Escape.terminal(TokenReport.headline(tokens)));
        }
        Report report = new Report(reference.getFileName() + " vs " + candidate.getFileName(), Instant.now(), c,
                tokens);
        for (Path r : reports) {
            ReportWriters.write(report, r);
            out.println("Report: " + r);
        }
        out.println(Summaries.tally(c));
        out.flush();
        return c.allPassed() ? Main.OK : Main.DIVERGED;
    }


    /** Infers rules from the unaligned entries, writes them with the user's to --suggest-map, says how to use them. */
    private void suggestMap(Trace ref, Trace cand, MappingRules user, PrintWriter out) throws IOException {
        InferredMap m = NameMapInference.forTraces(ref, cand, user);
        MappingRules all = user.then(m.mappingRules());
        String result;
        try {
            Alignment after = Alignment.of(ref, cand, all);
            result = after.pairs().size() + " of " + ref.entries().size() + " entries align with it, "
                    + after.unmatchedCandidate().size() + " candidate entries stay unmatched";
        } catch (IllegalArgumentException e) { // two candidate entries now map to one identity
            result = "but " + e.getMessage() + ": edit the file before using it";
        }
        List<String> header = List.of("mapping rules inferred by parity compare --suggest-map",
                "reference " + reference + ", candidate " + candidate, m.rules().size() + " inferred rule(s): "
                        + result);
        AtomicFiles.writeString(suggestMap, m.fileText(header, user));
        out.println("Suggested map: " + suggestMap + " (" + m.rules().size() + " inferred rules): " + result);
        out.println("Re-run: parity compare " + reference + " " + candidate + " --map " + suggestMap);
    }

    /** Option values that make no sense are usage errors (exit 2), found before anything is read. */
    private void checkUsage() {
        if (worst < 0) {
            throw new ParameterException(spec.commandLine(), "--worst must be 0 or more, got " + worst);
        }
        for (Path r : reports) {
            try {
                ReportWriters.kindOf(r);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--report: " + e.getMessage());
            }
        }
        for (String g : only) {
            compile("--only", g);
        }
        for (String p : perLayer) {
            int eq = p.lastIndexOf('=');
            compile("--per-layer", eq <= 0 ? p : p.substring(0, eq));
        }
    }

    private void compile(String option, String pattern) {
        try {
            TolerancePolicy.compile(pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + ": bad pattern '" + pattern + "': "
                    + e.getDescription());
        }
    }

    CompareOptions options(NoiseFloor floor) throws IOException {
        Tolerance base = tolerance(atol, rtol);
        TolerancePolicy policy = floor.policy(TolerancePolicy.of(base));
        for (String p : perLayer) {
            policy = perLayer(policy, p, base);
        }
        MappingRules rules = mapFile == null ? MappingRules.NONE : MappingRules.read(mapFile);
        return CompareOptions.defaults().withRules(rules).withPolicy(policy).withAllowMissing(allowMissing)
                .withOnly(only);
    }

    private Tolerance tolerance(double a, double r) {
        try {
            return new Tolerance(a, r, Statistic.parse(statistic), quantile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private TolerancePolicy perLayer(TolerancePolicy policy, String spec0, Tolerance base) {
        int eq = spec0.lastIndexOf('=');
        String[] ar = eq < 0 ? new String[0] : spec0.substring(eq + 1).split(",");
        if (eq <= 0 || ar.length != 2) {
            throw new ParameterException(spec.commandLine(),
                    "--per-layer expects PATTERN=ATOL,RTOL, got '" + spec0 + "'");
        }
        try {
            return policy.withOverride(spec0.substring(0, eq), tolerance(Double.parseDouble(ar[0].trim()),
                    Double.parseDouble(ar[1].trim())).withStatistic(base.statistic(), base.quantile()));
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(),
                    "--per-layer tolerance is not a number: '" + spec0 + "'");
        }
    }
}
