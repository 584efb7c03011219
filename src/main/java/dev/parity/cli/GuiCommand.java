package dev.parity.cli;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parity gui [REF] [--candidate CAND]}: opens the desktop workbench. The CLI and the UI are peers that
 * must not depend on each other at compile time (ArchitectureTest), so the launcher
 * {@code dev.parity.ui.WorkbenchLauncher.launch(Path, Path)} is looked up by name when the command runs.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Open the Parity Workbench desktop app on a reference dump (default: the bundled "
            + "reference-dumps/s3gen-small-seed1) and optionally a candidate trace."})
public final class GuiCommand implements Callable<Integer> {
    static final String LAUNCHER = "dev.parity.ui.WorkbenchLauncher";

    @Parameters(index = "0", arity = "0..1", paramLabel = "REF_DUMP", description = "reference dump directory")
    Path reference;

    @Option(names = "--candidate", paramLabel = "CAND", description = "candidate trace directory")
    Path candidate;

    @Override
    public Integer call() throws ReflectiveOperationException {
        for (Path p : new Path[] {reference, candidate}) {
            if (p != null && !Files.isRegularFile(p.resolve("manifest.json"))) {
                throw new BadInputException(p + ": not a trace directory (no manifest.json)");
            }
        }
        launcher().invoke(null, reference, candidate);
        return Main.OK;
    }

    static Method launcher() throws ReflectiveOperationException {
        return Class.forName(LAUNCHER).getMethod("launch", Path.class, Path.class);
    }
}
