package dev.parity.ui;

import dev.parity.io.ProjectHome;
import dev.parity.workflow.DemoService;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;

/**
 * Starts the workbench. A plain class (not the {@link Application} subclass) so that JavaFX loads from the
 * class path; {@code parity gui} calls {@link #launch(Path, Path)}.
 */
public final class WorkbenchLauncher {
    /** The dump the app opens without arguments, relative to the working directory or the repository root. */
    public static final Path BUNDLED_DUMP = Path.of(DemoService.BUNDLED);

    private WorkbenchLauncher() {
    }

    /**
     * The bundled dump under the working directory, else under the project directory ({@link ProjectHome}); null
     * when neither has it.
     */
    public static Path bundledDump() {
        if (Files.isDirectory(BUNDLED_DUMP)) {
            return BUNDLED_DUMP;
        }
        Path d = ProjectHome.dir().resolve(BUNDLED_DUMP);
        return Files.isDirectory(d) ? d : null;
    }

    public static void main(String[] args) {
        launch(args.length > 0 ? Path.of(args[0]) : null, args.length > 1 ? Path.of(args[1]) : null);
    }

    /**
     * Opens the window and blocks until it is closed.
     *
     * @param reference a reference dump, or null for the bundled one (when it exists)
     * @param candidate a candidate trace, or null
     */
    public static void launch(Path reference, Path candidate) {
        Path ref = reference != null ? reference : bundledDump();
        String[] args = ref == null ? new String[0] : candidate == null ? new String[] {ref.toString()}
                : new String[] {ref.toString(), candidate.toString()};
        Application.launch(WorkbenchApp.class, args);
    }
}
