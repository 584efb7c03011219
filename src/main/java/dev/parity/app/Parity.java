package dev.parity.app;

import dev.parity.cli.Main;
import dev.parity.ui.WorkbenchLauncher;

/**
 * The composition root: {@code target/parity.jar} and {@code ./parity} start here. It runs the command line with
 * the desktop workbench wired in for {@code parity gui}; the only class that sees both {@code cli} and {@code ui}.
 */
public final class Parity {
    private Parity() {
    }

    public static void main(String[] args) {
        System.exit(Main.run(WorkbenchLauncher::launch, args));
    }
}
