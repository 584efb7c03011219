package dev.parity.cli;

import dev.parity.io.FormatException;
import dev.parity.port.nn.WeightLoadException;
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

/** {@code parity run REF_DUMP --out CAND_DIR [--stage flow]}: runs the Java port on a reference dump. */
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

    @Option(names = "--stage", defaultValue = "flow", paramLabel = "STAGE",
            description = "which part of S3Gen runs: flow (default)")
    String stage;

    @Option(names = "--trace-all", description = "record every call, not only what the reference recorded")
    boolean traceAll;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!stage.equals("flow")) {
            err.println("parity run: --stage must be 'flow' (the vocoder stage is not part of this build), got '"
                    + stage + "'");
            return USAGE;
        }
        try {
            ReferenceRun.Summary s = ReferenceRun.run(refDump, out,
                    new ReferenceRun.Options(ReferenceRun.Stage.FLOW, !traceAll, null));
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
