package dev.parity.cli;

import dev.parity.workflow.DemoService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parity gui [REF] [--candidate CAND]}: opens the desktop workbench through the {@link GuiLauncher} that the
 * composition root ({@code dev.parity.app}) wires in, after checking what a window needs.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Open the Parity Workbench desktop app on a reference dump (default: the bundled "
            + DemoService.BUNDLED + ") and optionally a candidate trace."})
public final class GuiCommand implements Callable<Integer> {
    private final GuiLauncher launcher;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REF_DUMP", description = "reference dump directory")
    Path reference;

    @Option(names = "--candidate", paramLabel = "CAND", description = "candidate trace directory")
    Path candidate;

    private final boolean debug;

    /** @param debug whether {@code --debug} was given: the window's JavaFX thread then prints stack traces too */
    GuiCommand(GuiLauncher launcher, boolean debug) {
        this.launcher = launcher;
        this.debug = debug;
    }

    @Override
    public Integer call() {
        for (Path p : new Path[] {reference, candidate}) {
            if (p != null && !Files.isRegularFile(p.resolve("manifest.json"))) {
                throw new BadInputException(p + ": not a trace directory (no manifest.json)");
            }
        }
        String missing = windowPrerequisite();
        if (missing != null) {
            throw new BadInputException(missing);
        }
        if (debug) {
            System.setProperty("parity.debug", "true"); // read by ui.FxFailures on the window's JavaFX thread
        }
        launcher.launch(reference, candidate);
        return ExitCodes.OK;
    }

    /**
     * What a real JavaFX window needs on Linux that a fresh machine may lack, or null: a display, and GTK 3 for
     * JavaFX's glass toolkit (else JavaFX fails with "Unable to load glass GTK library"). Headless Monocle
     * ({@code -Dglass.platform=Monocle}) needs neither.
     */
    static String windowPrerequisite() {
        if (!System.getProperty("os.name", "").startsWith("Linux")
                || "Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) {
            return null;
        }
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            return "no display (DISPLAY is not set): run on a desktop or under 'xvfb-run -a ./parity gui'";
        }
        for (String dir : new String[] {"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64",
            "/usr/lib", "/lib/x86_64-linux-gnu"}) {
            if (Files.exists(Path.of(dir, "libgtk-3.so.0"))) {
                return null;
            }
        }
        return "JavaFX needs GTK 3 for a window and libgtk-3.so.0 was not found (Debian/Ubuntu: apt-get install "
                + "libgtk-3-0); screenshots without a window: scripts/screenshots.sh (headless Monocle)";
    }
}
