package dev.parity.cli;

import java.nio.file.Path;

/**
 * Opens the desktop workbench for {@code parity gui}. The CLI and the UI are peers that may not import each other
 * (ArchitectureTest), so the composition root ({@code dev.parity.app}) supplies this.
 */
@FunctionalInterface
public interface GuiLauncher {
    /** A command line started without the root: {@code parity gui} is an internal error that says so. */
    GuiLauncher NONE = (reference, candidate) -> {
        throw new IllegalStateException("no desktop app in this entry point; start parity with dev.parity.app.Parity "
                + "(target/parity.jar, ./parity)");
    };

    /**
     * Opens the window and blocks until it is closed.
     *
     * @param reference a reference dump, or null for the bundled one
     * @param candidate a candidate trace, or null
     */
    void launch(Path reference, Path candidate);
}
