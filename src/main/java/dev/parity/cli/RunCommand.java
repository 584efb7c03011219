package dev.parity.cli;

import dev.parity.io.FormatException;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.port.nn.StageFeed;
import dev.parity.port.nn.WeightLoadException;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.run.HiFTRunner;
import dev.parity.port.run.ConditioningRun;
import dev.parity.port.run.ReferenceRun;
import dev.parity.port.run.StageBoundary;
import dev.parity.localize.FaultCatalog;
import dev.parity.port.nn.FaultPlan;
import dev.parity.port.nn.TraceSettings;
import java.util.ArrayList;
import java.util.List;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code parity run REF_DUMP --out CAND_DIR [--stage all|flow|vocoder] [--inject none|f0|source]}: runs the Java port. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Java port on a reference dump's inputs and write the candidate trace.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "2:usage", "3:unreadable or invalid input (the file and problem are named)"})
public final class RunCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int BAD_INPUT = 3;

    @Parameters(index = "0", paramLabel = "REF_DUMP", description = "reference dump directory")
    Path refDump;

    @Option(names = "--out", required = true, paramLabel = "CAND_DIR",
            description = "new directory for the candidate trace (must not exist or be empty)")
    Path out;

    @Option(names = "--stage", defaultValue = "all", paramLabel = "STAGE",
            description = "all (flow + vocoder, default), flow, or vocoder (HiFT alone, fed the reference mel)")
    String stage;

    @Option(names = "--inject", defaultValue = "none", paramLabel = "WHAT",
            description = "with --stage vocoder: none, f0 (reference f0 into the source module) or source "
                + "(reference f0 and source signal into HiFT decode)")
    String inject;

    @Option(names = "--feed", paramLabel = "BOUNDARY",
            description = "with --stage all|flow: take this stage boundary from the reference instead of the previous "
                + "Java stage: encoder (encoder output), mu (decoder input), mel (decoder output), f0, source; "
                + "repeatable; on a conditioning dump: waves (every resampler output); on a T3 dump: conditioning "
                + "(cond_enc output), embeds (prepare_input_embeds output)")
    java.util.List<String> feeds = new java.util.ArrayList<>();

    @Option(names = "--trace-all", description = "record every call, not only what the reference recorded")
    boolean traceAll;

    @Option(names = "--record", paramLabel = "GLOB",
            description = "with --stage all|flow: record every call of the modules whose path matches GLOB "
                + "(* within a path segment, ** across, or re:REGEX) instead of what the reference recorded; "
                + "random draws and final outputs are always recorded; repeatable")
    List<String> record = new ArrayList<>();

    @Option(names = "--inject-fault", paramLabel = "NAME[@MODULE]", completionCandidates = FaultNames.class,
            description = "inject a catalog fault at a module (default: the catalog's module); repeatable: "
                + "${COMPLETION-CANDIDATES}")
    List<String> faults = new ArrayList<>();

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "P",
            description = "float32 (default) or float64: the whole run (weights, inputs, draws) in float64, the "
                + "reference's self-made noise-floor twin (not with --stage vocoder)")
    String precision;
    @Option(names = "--sampling", defaultValue = "recorded", paramLabel = "MODE",
            description = "T3 dumps: recorded (the reference's noise q; token = argmax(p / q) from the port's own p, "
                + "default), teacher-forced (the reference's token at every step) or seeded (fresh noise, --seed)")
    String sampling;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "T3 dumps, --sampling seeded: seed")
    long seed;

    @Option(names = "--flip", paramLabel = "STEP:TOKEN",
            description = "T3 dumps: force TOKEN at sampling step STEP (a deliberate token flip)")
    String flip;

    @Spec
    CommandSpec spec;

    /** The T3 run options from --sampling, --seed and --flip. */
    ReferenceRun.T3Options t3Options() {
        ReferenceRun.Sampling mode = switch (sampling) {
            case "recorded" -> ReferenceRun.Sampling.RECORDED;
            case "teacher-forced" -> ReferenceRun.Sampling.TEACHER_FORCED;
            case "seeded" -> ReferenceRun.Sampling.SEEDED;
            default -> throw new IllegalArgumentException("--sampling must be recorded, teacher-forced or seeded, got '"
                    + sampling + "'");
        };
        int step = -1;
        long token = -1;
        if (flip != null) {
            String[] p = flip.split(":");
            try {
                step = Integer.parseInt(p[0].trim());
                token = Long.parseLong(p[1].trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--flip takes STEP:TOKEN (two whole numbers), got '" + flip + "'");
            }
            if (p.length != 2 || step < 0 || token < 0) {
                throw new IllegalArgumentException("--flip takes STEP:TOKEN (both ≥ 0), got '" + flip + "'");
            }
        }
        return new ReferenceRun.T3Options(mode, step, token, !traceAll, seed);
    }

    /**
     * A T3 dump: the T3 port with the sampling options. Bad input found while running (an id outside a
     * vocabulary, a wrong-sized speaker embedding) is an IllegalArgumentException, reported as exit 3.
     */
    private int t3(ReferenceRun.T3Options options, FaultPlan plan, StageFeed feed) {
        ReferenceRun.Summary s;
        try {
            s = ReferenceRun.runT3(refDump, out, options, plan, feed);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("T3 run on " + refDump + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        spec.commandLine().getOut().printf("wrote %d entries to %s in %.2f s (T3)%n", s.entries(), s.traceDir(),
                s.seconds());
        return OK;
    }

    private int vocoder(FaultPlan plan) {
        HiFTRunner.Injection inj = switch (inject) {
            case "f0" -> HiFTRunner.Injection.F0;
            case "source" -> HiFTRunner.Injection.F0_AND_SOURCE;
            default -> HiFTRunner.Injection.NONE;
        };
        try (HiFTRunner r = HiFTRunner.open(refDump)) {
            HiFTRunner.Result res = r.run(out, inj, null, plan);
            spec.commandLine().getOut().printf("wrote %d entries to %s in %.2f s (audio: %s)%n", res.entries(),
                    res.traceDir(), res.seconds(), res.wavFile());
            return OK;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stage boundary a --feed name stands for. */
    private static StageBoundary boundary(String feed) {
        try {
            return StageBoundary.named(feed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--feed: " + e.getMessage(), e);
        }
    }

    /** A conditioning dump runs the whole front end; only {@code --feed waves} applies. */
    private void checkConditioning() {
        if (!stage.equals("all") || feeds.stream().anyMatch(f -> !f.equals("waves"))) {
            throw new IllegalArgumentException(refDump + " is a conditioning dump: it runs the whole conditioning "
                    + "front end; only --feed waves (the reference's resampled waves) applies, --stage, --inject and "
                    + "the other --feed boundaries are for S3Gen dumps");
        }
    }

    /** The reference outputs the --feed options name (the tensors are mapped when the run starts). */
    private StageFeed feed() {
        if (feeds.isEmpty()) {
            return StageFeed.NONE;
        }
        Trace ref = TraceReader.read(refDump);
        if (feeds.contains("waves")) {
            return ConditioningRun.wavesFeed(ref);
        }
        return StageBoundary.feed(ref, feeds.stream().map(RunCommand::boundary).toList());
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!java.util.List.of("all", "flow", "vocoder").contains(stage)
                || !java.util.List.of("none", "f0", "source").contains(inject)
                || (!inject.equals("none") && !stage.equals("vocoder"))) {
            err.println("parity run: use --stage all|flow|vocoder and, with --stage vocoder only, "
                    + "--inject none|f0|source (got --stage " + stage + " --inject " + inject + ")");
            return USAGE;
        }
        FaultPlan plan;
        TraceSettings recording;
        ReferenceRun.Precision prec;
        boolean conditioning = ConditioningRun.isConditioningDump(refDump);
        try {
            plan = FaultCatalog.plan(faults);
            prec = ReferenceRun.Precision.parse(precision);
            if (prec != ReferenceRun.Precision.FLOAT32 && (stage.equals("vocoder") || conditioning)) {
                throw new IllegalArgumentException("--precision float64 goes with --stage all or flow of an S3Gen dump");
            }
            if (conditioning) {
                checkConditioning();
            } else {
                feeds.forEach(RunCommand::boundary);
            }
            if (!feeds.isEmpty() && stage.equals("vocoder")) {
                throw new IllegalArgumentException("--feed goes with --stage all or flow; use --inject with vocoder");
            }
            if (!record.isEmpty() && (traceAll || stage.equals("vocoder"))) {
                throw new IllegalArgumentException("--record goes with --stage all or flow, without --trace-all");
            }
            recording = record.isEmpty() ? null : TraceSettings.modules(record);
        } catch (IllegalArgumentException e) {
            err.println("parity run: " + e.getMessage());
            return USAGE;
        }
        try {
            if (dev.parity.port.run.ReferenceDump.open(refDump).isT3()) {
                ReferenceRun.T3Options options;
                try {
                    options = t3Options();
                    if (!stage.equals("all") || !inject.equals("none")) {
                        throw new IllegalArgumentException("a T3 dump runs the whole T3; --stage and --inject are "
                                + "for S3Gen dumps");
                    }
                } catch (IllegalArgumentException e) {
                    err.println("parity run: " + e.getMessage());
                    return USAGE;
                }
                return t3(options, plan, feed());
            }
            BackendNotice backend = BackendNotice.check(refDump, spec.commandLine().getOut());
            if (stage.equals("vocoder")) {
                return vocoder(plan);
            }
            ReferenceRun.Stage st = stage.equals("all") ? ReferenceRun.Stage.ALL : ReferenceRun.Stage.FLOW;
            ReferenceRun.Summary s = ReferenceRun.run(refDump, out, new ReferenceRun.Options(st, !traceAll,
                    st == ReferenceRun.Stage.ALL ? HiFTGenerator::create : null, recording), plan, feed(), prec);
            backend.report();
            spec.commandLine().getOut().printf("wrote %d entries to %s in %.2f s%n", s.entries(), s.traceDir(),
                    s.seconds());
            return OK;
        } catch (FormatException e) {
            err.println("parity run: " + e.getMessage());
            return BAD_INPUT;
        } catch (WeightLoadException e) {
            err.println("parity run: " + Main.weightLine(e));
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("parity run: " + e.getMessage() + ": " + e.getCause().getMessage());
            return BAD_INPUT;
        }
    }
}
