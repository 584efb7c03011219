package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.Section;
import dev.parity.workflow.DiagnoseService;
import dev.parity.workflow.DiagnosisDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The GUI diagnoses the open traces through the diagnose service, shows the headline and exports the diagnosis as
 * Markdown and HTML: the shared dump against a candidate perturbed from {@link WorkbenchFaultTest#FAULTY} on.
 */
@ExtendWith(ApplicationExtension.class)
class DiagnosisUiTest {
    @TempDir
    static Path tmp;
    static Path candidate;
    Workbench wb;

    @BeforeAll
    static void candidateWithFault() throws Exception {
        Headless.use();
        Trace ref = TraceReader.read(SharedData.smallDump());
        TraceEntry faulty = ref.entries().stream().filter(e -> e.name().equals(WorkbenchFaultTest.FAULTY)
                && e.call() == 0 && e.kind() == EntryKind.OUT && e.arg() == null).findFirst().orElseThrow();
        candidate = Faults.perturbFrom(SharedData.smallDump(), tmp.resolve("cand"), faulty.index());
    }

    @Start
    void start(Stage stage) {
        wb = new Workbench();
        stage.setScene(new Scene(wb.root(), 1400, 900));
        stage.show();
    }

    @Test
    void diagnosesShowsTheHeadlineAndExportsMarkdownAndHtml(FxRobot robot) throws Exception {
        robot.interact(() -> wb.session().open(SharedData.smallDump(), candidate));
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().comparisonProperty().get() != null);
        robot.clickOn("#diagnose");
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().diagnosisProperty().get() != null);
        assertEquals("", wb.session().errorProperty().get());
        DiagnoseService.Outcome o = wb.session().diagnosisProperty().get();
        assertEquals(WorkbenchFaultTest.FAULTY, o.diagnosis().culprit().module());
        String headline = robot.lookup("#diagnosis-headline").queryAs(Label.class).getText();
        assertTrue(headline.startsWith("The problem starts in " + WorkbenchFaultTest.FAULTY), headline);
        assertTrue(robot.lookup("#export-diagnosis").query().getParent().isVisible(), "the diagnosis line shows");

        Path md = tmp.resolve("out/diagnosis.md");
        Path html = tmp.resolve("out/diagnosis.html");
        Files.createDirectories(md.getParent());
        robot.interact(() -> wb.exportDiagnosis(md));
        WorkbenchSteps.waitFor(() -> Files.isRegularFile(md) && Files.isRegularFile(html)
                && wb.session().statusProperty().get().startsWith("Diagnosis written"));
        String markdown = Files.readString(md);
        String page = Files.readString(html);
        assertTrue(markdown.contains(headline), markdown);
        assertTrue(markdown.contains(o.title()), markdown);
        assertTrue(page.startsWith("<!DOCTYPE html>") || page.startsWith("<html"), page.substring(0, 80));
        assertTrue(page.contains(WorkbenchFaultTest.FAULTY), "the HTML names the culprit");
        Document doc = DiagnosisDocuments.report(o.diagnosis(), o.title());
        for (Section s : doc.sections()) {
            assertTrue(markdown.contains(s.title()), "Markdown section " + s.title());
            assertTrue(page.contains(s.title()), "HTML section " + s.title());
        }
        assertTrue(doc.sections().size() >= 3, "sections: " + doc.sections().size());
    }

    /**
     * The Java run on the shared dump, diagnosed without and then with the float64 twin as noise floor: the fixed
     * default tolerance flags the sine source's rounding (and says a floor would tell), the floor passes every entry,
     * as {@code parity diagnose --tolerance-from} does. Another reference clears the floor.
     */
    @Test
    void aNoiseFloorTellsRoundingFromError(FxRobot robot) throws Exception {
        robot.interact(() -> wb.session().openReference(SharedData.smallDump()));
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().referenceProperty().get() != null);
        robot.interact(() -> wb.session().diagnose());
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().diagnosisProperty().get() != null);
        String without = robot.lookup("#diagnosis-headline").queryAs(Label.class).getText();
        assertTrue(without.startsWith("The problem starts in mel2wav.m_source.l_sin_gen"), without);
        assertTrue(without.contains("No noise floor was used"), without);

        robot.interact(() -> wb.session().setFloor(SharedData.smallDumpF64()));
        assertEquals(null, wb.session().diagnosisProperty().get(), "a diagnosis made without the floor is cleared");
        robot.interact(() -> wb.session().diagnose());
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().diagnosisProperty().get() != null);
        assertEquals("", wb.session().errorProperty().get());
        String with = robot.lookup("#diagnosis-headline").queryAs(Label.class).getText();
        assertTrue(with.startsWith("No divergence:") && with.contains("(tolerances from the noise floor)"), with);
        assertTrue(wb.session().diagnosisProperty().get().diagnosis().floorEntries() > 0);

        robot.interact(() -> wb.session().openReference(SharedData.smallDumpF64()));
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && SharedData.smallDumpF64().equals(wb.session().referenceProperty().get().dir()));
        assertEquals(null, wb.session().floorProperty().get());
    }

    @Test
    void openingAnotherCandidateClearsTheDiagnosis(FxRobot robot) throws Exception {
        robot.interact(() -> wb.session().open(SharedData.smallDump(), candidate));
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().comparisonProperty().get() != null);
        robot.interact(() -> wb.session().diagnose());
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().diagnosisProperty().get() != null);
        robot.interact(() -> wb.session().openCandidate(SharedData.smallDumpF64()));
        WorkbenchSteps.waitFor(() -> !wb.session().busyProperty().get()
                && wb.session().comparisonProperty().get() != null);
        assertEquals(null, wb.session().diagnosisProperty().get());
        assertEquals("", wb.session().diagnosisHeadlineProperty().get());
        assertTrue(!robot.lookup("#export-diagnosis").query().getParent().isVisible(), "the diagnosis line hides");
    }
}
