package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.Comparison;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Runs the Java pipeline from the app on the shared dump and compares its trace as the candidate. */
@ExtendWith(ApplicationExtension.class)
class PipelineRunUiTest {
    Workbench wb;

    @BeforeAll
    static void headless() {
        Headless.use();
    }

    @Start
    void start(Stage stage) {
        wb = WorkbenchSteps.show(stage);
    }

    @Test
    void runReportsStagesAndStepsThenComparesTheNewTrace(FxRobot robot) throws Exception {
        robot.interact(() -> wb.session().openReference(SharedData.smallDump()));
        WorkbenchSteps.waitFor(() -> wb.session().referenceProperty().get() != null
                && !wb.session().busyProperty().get());
        List<String> messages = new CopyOnWriteArrayList<>();
        robot.interact(() -> {
            wb.session().statusProperty().addListener((o, a, m) -> messages.add(m));
            wb.session().runPipeline();
        });
        WorkbenchSteps.waitFor(() -> wb.session().comparisonProperty().get() != null
                && !wb.session().busyProperty().get());
        Comparison c = wb.session().comparisonProperty().get();
        assertEquals("", wb.session().errorProperty().get());
        assertNotEquals(SharedData.smallDump(), c.candidate());
        assertTrue(c.candidate().getFileName().toString().startsWith("parity-java-run"), c.candidate().toString());
        assertTrue(c.aligned() > c.referenceEntries() / 2, "aligned " + c.aligned());
        System.out.println("status messages: " + messages);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Java pipeline: flow ODE step")), messages.toString());
        try (var files = java.nio.file.Files.walk(c.candidate())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void cancelStopsTheRunAndKeepsTheSession(FxRobot robot) throws Exception {
        robot.interact(() -> wb.session().openReference(SharedData.smallDump()));
        WorkbenchSteps.waitFor(() -> wb.session().referenceProperty().get() != null
                && !wb.session().busyProperty().get());
        java.util.Set<Path> before = runDirs();
        robot.interact(() -> wb.session().runPipeline());
        assertTrue(wb.session().busyProperty().get());
        robot.clickOn("#cancel");
        assertEquals("Cancelled", wb.session().statusProperty().get());
        assertTrue(!wb.session().busyProperty().get());
        Thread.sleep(500);
        assertEquals(null, wb.session().comparisonProperty().get(), "a cancelled run opens no candidate");
        WorkbenchSteps.waitFor(() -> runDirs().equals(before)); // the abandoned run's output is deleted
    }

    private static java.util.Set<Path> runDirs() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("parity-java-run"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
