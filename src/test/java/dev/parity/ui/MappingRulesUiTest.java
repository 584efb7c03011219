package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.compare.Comparison;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A candidate whose estimator entries are named {@code estimator.*}: typing a rename rule pairs them again. */
@ExtendWith(ApplicationExtension.class)
class MappingRulesUiTest {
    static final String PREFIX = "flow.decoder.estimator";
    @TempDir
    static Path tmp;
    static Path candidate;
    Workbench wb;

    @BeforeAll
    static void renamedCandidate() throws Exception {
        Headless.use();
        candidate = TraceCopies.copy(SharedData.smallDump(), tmp.resolve("renamed"), (i, entry, t) -> {
            String name = entry.get("name").asText();
            if (name.startsWith(PREFIX)) {
                entry.put("name", name.substring("flow.decoder.".length()));
            }
            return t;
        });
    }

    @Start
    void start(Stage stage) {
        wb = WorkbenchSteps.show(stage);
    }

    @Test
    void typedRenameRuleTurnsMissingEntriesIntoPassingOnes(FxRobot robot) throws Exception {
        WorkbenchSteps.openAndCompare(robot, wb, SharedData.smallDump(), candidate);
        Comparison before = wb.session().comparisonProperty().get();
        assertTrue(before.missing() > 100, "renamed entries are missing before the rule: " + before.missing());
        robot.clickOn("#tab-mapping");
        robot.clickOn("#rules").write("rename ^estimator => flow.decoder.estimator");
        robot.clickOn("#apply");
        WorkbenchSteps.waitFor(() -> wb.session().comparisonProperty().get() != before
                && !wb.session().busyProperty().get());
        Comparison after = wb.session().comparisonProperty().get();
        assertEquals(0, after.missing(), wb.session().errorProperty().get());
        assertEquals(after.results().size(), after.passed());
        assertEquals(1, after.options().rules().rules().size());
    }

    @Test
    void aBadRuleIsReportedAndTheComparisonStays(FxRobot robot) throws Exception {
        WorkbenchSteps.openAndCompare(robot, wb, SharedData.smallDump(), candidate);
        Comparison before = wb.session().comparisonProperty().get();
        robot.clickOn("#tab-mapping");
        robot.clickOn("#rules").write("rename (unclosed => x");
        robot.clickOn("#apply");
        String error = wb.session().errorProperty().get();
        assertTrue(error.startsWith("mapping rules: line 1: ") && error.contains("regex"), error);
        assertEquals(before, wb.session().comparisonProperty().get());
    }
}
