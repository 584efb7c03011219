package dev.parity.ui;

import static dev.parity.ui.WorkbenchSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.compare.EntryStatus;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.weights.KeyMappingRules;
import dev.parity.weights.WeightStatistics;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless (Monocle) end-to-end test: the shared dump against a candidate whose
 * {@code flow.decoder.estimator.down_blocks.0.0.block1} output (and everything after it) is perturbed.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFaultTest {
    static final String FAULTY = "flow.decoder.estimator.down_blocks.0.0.block1";
    @TempDir
    static Path tmp;
    static Path candidate;
    static TraceEntry faulty;
    Workbench wb;

    @BeforeAll
    static void candidateWithFault() throws Exception {
        Headless.use();
        Trace ref = TraceReader.read(SharedData.smallDump());
        faulty = ref.entries().stream().filter(e -> e.name().equals(FAULTY) && e.call() == 0
                && e.kind() == EntryKind.OUT && e.arg() == null).findFirst().orElseThrow();
        candidate = Faults.perturbFrom(SharedData.smallDump(), tmp.resolve("cand"), faulty.index());
    }

    @Start
    void start(Stage stage) {
        wb = WorkbenchSteps.show(stage);
    }

    @BeforeEach
    void open(FxRobot robot) throws Exception {
        WorkbenchSteps.openAndCompare(robot, wb, SharedData.smallDump(), candidate);
    }

    @Test
    void keyboardReachesTheFirstDivergenceAndTheDetailDrawsItsDifference(FxRobot robot) throws Exception {
        var screen = javafx.stage.Screen.getPrimary().getBounds();
        assertEquals(1600, screen.getWidth(), "runs on Monocle's headless screen (headless.geometry)");
        robot.clickOn("#layers");
        robot.type(KeyCode.F);
        NavRow row = wb.navigator().selectedProperty().get();
        assertNotNull(row, "F selects the first divergence");
        assertEquals(FAULTY, row.entry().name());
        assertEquals(0, row.entry().call());
        assertEquals(EntryKind.OUT, row.entry().kind());
        assertEquals(EntryStatus.FAIL, row.status());
        assertEquals("origin", wb.navigator().verdictsProperty().get().get(row.entry().id()),
                "the localizer marks the first diverging module as the origin");
        long inherited = wb.navigator().verdictsProperty().get().values().stream().filter("inherited"::equals).count();
        assertTrue(inherited > 10, "later diverging modules inherit the error: " + inherited);
        assertEquals(row, robot.lookup("#layers").queryTableView().getSelectionModel().getSelectedItem(),
                "the table shows the selection");
        waitFor(() -> wb.detail().dataProperty().get() != null && wb.detail().dataProperty().get().row() == row);
        WritableImage img = wb.detailView().diffHeatmap().image();
        assertNotNull(img, "difference heatmap rendered");
        long[] dims = faulty.shape().dims(); // (2, C, T): the slice is C × T
        assertEquals(dims[2], (long) img.getWidth());
        assertEquals(dims[1], (long) img.getHeight());
        assertTrue(distinctColours(img) > 10, "the difference heatmap is not one colour");
    }

    @Test
    void stepsWithNextPreviousAndNextDivergence(FxRobot robot) throws Exception {
        robot.clickOn("#layers");
        robot.type(KeyCode.F);
        int first = wb.navigator().selectedProperty().get().entry().index();
        robot.type(KeyCode.P);
        assertEquals(first - 1, wb.navigator().selectedProperty().get().entry().index());
        assertEquals(EntryStatus.PASS, wb.navigator().selectedProperty().get().status());
        robot.type(KeyCode.D);
        assertEquals(first, wb.navigator().selectedProperty().get().entry().index());
        robot.type(KeyCode.N);
        assertEquals(first + 1, wb.navigator().selectedProperty().get().entry().index());
    }

    @Test
    void filterNarrowsTheTableByName(FxRobot robot) throws Exception {
        robot.clickOn("#filter").write("mid_blocks.1.1.0.attn1");
        WaitForAsyncUtils.waitForFxEvents();
        var items = robot.lookup("#layers").queryTableView().getItems();
        assertTrue(!items.isEmpty());
        assertTrue(items.stream().allMatch(r -> ((NavRow) r).entry().name().contains("mid_blocks.1.1.0.attn1")));
    }

    @Test
    void looserToleranceEditedInTheSettingsMakesEverythingPass(FxRobot robot) throws Exception {
        long failed = wb.session().comparisonProperty().get().failed();
        assertTrue(failed > 0);
        var before = wb.session().comparisonProperty().get();
        robot.clickOn("#tab-mapping");
        robot.doubleClickOn("#atol").eraseText(12).write("1000");
        robot.clickOn("#apply");
        waitFor(() -> wb.session().comparisonProperty().get() != before && !wb.session().busyProperty().get());
        assertEquals(0, wb.session().comparisonProperty().get().failed(), wb.session().errorProperty().get());
    }

    @Test
    void melViewShowsTheDifferenceOnItsOwnScale(FxRobot robot) throws Exception {
        robot.clickOn("#tab-mel");
        waitFor(() -> wb.mel().dataProperty().get() != null && wb.mel().dataProperty().get().diff() != null);
        WritableImage img = wb.melView().diffHeatmap().image();
        assertEquals(80, (int) img.getHeight());
        assertEquals(wb.mel().dataProperty().get().ref().cols(), (int) img.getWidth());
        assertTrue(distinctColours(img) > 10);
    }

    @Test
    void weightsViewListsEveryCheckpointTensorWithTheInspectorsFindings(FxRobot robot) throws Exception {
        robot.clickOn("#tab-weights");
        var ckpt = dev.parity.io.Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        var stats = WeightStatistics.compute(ckpt, KeyMappingRules.none(), WeightStatistics.DEFAULT_DEPTH);
        waitFor(() -> wb.weights().rows().size() == ckpt.names().size());
        long flagged = wb.weights().rows().stream().filter(r -> r.finding().startsWith("looks untrained")).count();
        assertEquals(stats.untrainedLooking().size(), flagged);
        assertTrue(flagged > 0, "the dump's random weights look untrained to the inspector");
        robot.interact(() -> wb.weights().select(wb.weights().rows().get(0)));
        waitFor(() -> wb.weights().histogramProperty().get() != null);
        assertEquals(Math.min(ckpt.entry(wb.weights().rows().get(0).name()).shape().numel(), 1 << 18),
                wb.weights().histogramProperty().get().length);
    }

    @Test
    void groupingByCfgBranchListsConditionalThenUnconditionalRows(FxRobot robot) throws Exception {
        robot.interact(() -> wb.navigator().setGrouping(Grouping.CFG_BRANCH));
        waitFor(() -> !wb.navigator().busyProperty().get() && wb.navigator().allRows().get(0).branch() == 0);
        var rows = wb.navigator().allRows();
        long cond = rows.stream().filter(r -> r.branch() == 0).count();
        assertEquals(cond, rows.stream().filter(r -> r.branch() == 1).count());
        assertEquals(1, rows.get((int) cond).branch(), "unconditional rows follow the conditional ones");
        robot.clickOn("#layers");
        robot.type(KeyCode.F);
        NavRow r = wb.navigator().selectedProperty().get();
        assertEquals(FAULTY, r.entry().name());
        assertEquals(0, r.branch());
        assertEquals(EntryStatus.FAIL, r.status(), "the perturbation reaches the conditional branch");
    }

    @Test
    void exportsTheReportInEveryFormatTheChartAndTheView(FxRobot robot) throws Exception {
        Path dir = tmp.resolve("export");
        java.nio.file.Files.createDirectories(dir);
        for (String ext : new String[] {"html", "md", "json", "csv", "xml"}) {
            Path f = dir.resolve("report." + ext);
            robot.interact(() -> wb.session().exportReport(f));
            waitFor(() -> java.nio.file.Files.isRegularFile(f) && java.nio.file.Files.size(f) > 0);
        }
        String md = java.nio.file.Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains(FAULTY), "the report names the first divergence");
        Path chart = dir.resolve("chart.png");
        robot.interact(() -> wb.session().exportChartPng(chart, 800, 400));
        waitFor(() -> java.nio.file.Files.isRegularFile(chart) && java.nio.file.Files.size(chart) > 0);
        assertEquals(800, javax.imageio.ImageIO.read(chart.toFile()).getWidth());
        Path view = dir.resolve("view.png");
        robot.interact(() -> wb.snapshotTab(view));
        assertTrue(javax.imageio.ImageIO.read(view.toFile()).getWidth() > 500);
    }

    @Test
    void clickingTheChartSelectsTheLayerAndTheSelectionIsMarked(FxRobot robot) throws Exception {
        DivergenceChartView chart = wb.chartView();
        int target = faulty.index() + 300;
        waitFor(() -> !Double.isNaN(chart.canvasX(target)));
        var canvas = chart.viewer().getCanvas();
        var bounds = canvas.localToScreen(canvas.getBoundsInLocal());
        double x = bounds.getMinX() + chart.canvasX(target);
        robot.clickOn(new javafx.geometry.Point2D(x, bounds.getMinY() + bounds.getHeight() / 2));
        NavRow row = wb.navigator().selectedProperty().get();
        assertNotNull(row, "a click selects a layer");
        assertTrue(Math.abs(row.entry().index() - target) <= 3, "selected #" + row.entry().index() + ", clicked near #"
                + target);
        assertEquals(row.entry().index(), (int) chart.markedEntry(), "the chart marks the selection");
        robot.type(KeyCode.F);
        assertEquals(faulty.index(), (int) chart.markedEntry(), "keyboard selection moves the marker too");
    }

    @Test
    void groupingByOdeStepOrdersRowsByStepWithTheRestLast(FxRobot robot) throws Exception {
        robot.interact(() -> wb.navigator().setGrouping(Grouping.ODE_STEP));
        var rows = wb.navigator().allRows();
        var steps = wb.session().comparisonProperty().get().steps();
        assertEquals("step " + steps.get(0).step(), rows.get(0).group());
        assertEquals("outside ODE", rows.get(rows.size() - 1).group());
        for (int i = 1; i < rows.size(); i++) {
            int a = rows.get(i - 1).result().step();
            int b = rows.get(i).result().step();
            assertTrue(a == b || b == -1 || (a != -1 && a < b), "step order at row " + i);
        }
        long groups = rows.stream().map(NavRow::group).filter(g -> g.startsWith("step")).distinct().count();
        assertEquals(steps.size(), groups);
    }

    @Test
    void audioViewHasBothWaveformsAndSpectrogramsOnOneScale(FxRobot robot) throws Exception {
        robot.clickOn("#tab-audio");
        waitFor(() -> wb.audio().dataProperty().get() != null);
        AudioData d = wb.audio().dataProperty().get();
        assertEquals(7680, d.ref().length);
        assertEquals(7680, d.cand().length);
        assertEquals(AudioViewModel.N_FFT / 2 + 1, d.refSpec().rows());
        assertEquals(d.refSpec().cols(), d.candSpec().cols());
        assertEquals(80, d.hi() - d.lo(), 1e-9, "an 80 dB range below the louder spectrogram's peak");
        assertTrue(d.candStats().max() > d.refStats().max(), "the perturbed candidate is louder");
        robot.interact(() -> wb.audio().playReference());
        waitFor(() -> wb.audio().statusProperty().get().startsWith("Cannot play"));
    }

    static int distinctColours(WritableImage img) {
        PixelReader px = img.getPixelReader();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                colours.add(px.getArgb(x, y));
            }
        }
        return colours.size();
    }
}
