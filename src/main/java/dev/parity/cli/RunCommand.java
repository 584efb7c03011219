package dev.parity.cli;

import dev.parity.io.FormatException;
import dev.parity.port.nn.WeightLoadException;
import dev.parity.port.hift.HiFTGenerator;
import dev.parity.port.run.HiFTRunner;
import dev.parity.port.run.ReferenceRun;
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

    @Option(names = "--trace-all", description = "record every call, not only what the reference recorded")
    boolean traceAll;

    @Spec
    CommandSpec spec;

    private int vocoder(PrintWriter err) {
        HiFTRunner.Injection inj = switch (inject) {
            case "f0" -> HiFTRunner.Injection.F0;
            case "source" -> HiFTRunner.Injection.F0_AND_SOURCE;
            default -> HiFTRunner.Injection.NONE;
        };
        try (HiFTRunner r = HiFTRunner.open(refDump)) {
            HiFTRunner.Result res = r.run(out, inj);
            spec.commandLine().getOut().printf("wrote %d entries to %s in %.2f s (audio: %s)%n", res.entries(),
                    res.traceDir(), res.seconds(), res.wavFile());
            return OK;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            if (stage.equals("vocoder")) {
                return vocoder(err);
            }
            ReferenceRun.Stage st = stage.equals("all") ? ReferenceRun.Stage.ALL : ReferenceRun.Stage.FLOW;
            ReferenceRun.Summary s = ReferenceRun.run(refDump, out,
                    new ReferenceRun.Options(st, !traceAll, st == ReferenceRun.Stage.ALL ? HiFTGenerator::create : null));
            spec.commandLine().getOut().printf("wrote %d entries to %s in %.2f s%n", s.entries(), s.traceDir(),
                    s.seconds());
            return OK;
        } catch (FormatException e) {
            err.println("parity run: " + e.getMessage());
            return BAD_INPUT;
        } catch (WeightLoadException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            err.println("parity run: " + first + (e.suggestion() == null ? "" : "; " + e.suggestion()));
            return BAD_INPUT;
        } catch (UncheckedIOException e) {
            err.println("parity run: " + e.getMessage() + ": " + e.getCause().getMessage());
            return BAD_INPUT;
        }
    }
}
