package dev.parity.ui;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Steps the workbench UI tests share: show the app, open two traces and wait for their comparison. */
final class WorkbenchSteps {
    private WorkbenchSteps() {
    }

    /** A new workbench in {@code stage} (1400 × 900), shown. */
    static Workbench show(Stage stage) {
        Workbench wb = new Workbench();
        stage.setScene(new Scene(wb.root(), 1400, 900));
        stage.show();
        return wb;
    }

    /** Opens {@code reference} and {@code candidate} in {@code wb} and waits until they are compared. */
    static void openAndCompare(FxRobot robot, Workbench wb, Path reference, Path candidate) throws Exception {
        robot.interact(() -> wb.session().open(reference, candidate));
        waitFor(() -> !wb.session().busyProperty().get() && wb.session().comparisonProperty().get() != null);
    }

    /** Waits (at most a minute) until {@code condition} holds, then for the FX events it queued. */
    static void waitFor(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
