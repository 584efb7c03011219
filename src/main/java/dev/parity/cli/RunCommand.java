package dev.parity.cli;

import static dev.parity.cli.ExitCodes.OK;
import static dev.parity.cli.ExitCodes.USAGE;

import dev.parity.port.run.ReferenceRun;
import dev.parity.report.Escape;
import dev.parity.workflow.RunService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parity run REF_DUMP --out CAND_DIR [--stage all|flow|vocoder] [--inject none|f0|source]}: runs the Java port. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Java port on a reference dump's inputs and write the candidate trace.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "2:usage", "3:unreadable or invalid input (the file and problem are named)",
            "4:internal error (one line; --debug prints the stack trace)"})
public final class RunCommand implements Callable<Integer> {

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

    /** The run's output: the backend's workarounds (on stderr), then what was written. */
    private int print(RunService.Outcome o, String what) {
        PrintWriter w = spec.commandLine().getOut();
        BackendNotice.print(o.backendNotes(), spec.commandLine().getErr());
        w.printf("wrote %d entries to %s in %.2f s%s%n", o.entries(), o.traceDir(), o.seconds(),
                what != null ? " (" + what + ")" : o.wavFile() != null ? " (audio: " + o.wavFile() + ")" : "");
        w.flush();
        return OK;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!java.util.List.of("all", "flow", "vocoder").contains(stage)
                || !java.util.List.of("none", "f0", "source").contains(inject)
                || (!inject.equals("none") && !stage.equals("vocoder"))) {
            err.println("parity run: use --stage all|flow|vocoder and, with --stage vocoder only, "
                    + Escape.terminal("--inject none|f0|source (got --stage " + stage + " --inject " + inject + ")"));
            return USAGE;
        }
        RunService.Job job;
        try {
            job = RunService.prepare(new RunService.Request(refDump, out,
                    RunService.Stage.valueOf(stage.toUpperCase(java.util.Locale.ROOT)),
                    RunService.Injection.valueOf(inject.toUpperCase(java.util.Locale.ROOT)), feeds, traceAll, record,
                    faults, precision));
        } catch (IllegalArgumentException e) {
            err.println("parity run: " + Escape.terminal(e.getMessage()));
            return USAGE;
        }
        if (job.isT3()) {
            ReferenceRun.T3Options options;
            try {
                options = t3Options();
                if (!stage.equals("all") || !inject.equals("none")) {
                    throw new IllegalArgumentException("a T3 dump runs the whole T3; --stage and --inject are "
                            + "for S3Gen dumps");
                }
            } catch (IllegalArgumentException e) {
                err.println("parity run: " + Escape.terminal(e.getMessage()));
                return USAGE;
            }
            return t3(job, options);
        }
        return print(job.run(), null); // bad input found while running (FormatException, ...): Main.handle, exit 3
    }

    /** A T3 dump: bad input found while running is reported as exit 3. */
    private int t3(RunService.Job job, ReferenceRun.T3Options options) {
        RunService.Outcome o;
        try {
            o = job.runT3(options);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("T3 run on " + refDump + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        return print(o, "T3");
    }
}
