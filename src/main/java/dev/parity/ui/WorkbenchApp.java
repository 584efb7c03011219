package dev.parity.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application; started through {@link WorkbenchLauncher}. Parameters: REF [CAND]. */
public final class WorkbenchApp extends Application {
    @Override
    public void start(Stage stage) {
        Workbench wb = new Workbench();
        FxFailures.install(wb.session()); // an exception escaping a handler: one line in the window, not a console trace
        stage.setTitle("Parity Workbench");
        stage.setScene(new Scene(wb.root()));
        stage.show();
        List<String> args = getParameters().getRaw();
        if (!args.isEmpty()) {
            wb.session().open(Path.of(args.get(0)), args.size() > 1 ? Path.of(args.get(1)) : null);
        }
    }
}
