package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.io.Npy;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.ChoiceBox;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Headless: the conditioning dump against itself. The Mel tab offers the prompt mel and the front end's
 * features and draws them channels × time; the Audio tab offers the input recording and its resamplings and
 * plots them at their own sample rates.
 */
@ExtendWith(ApplicationExtension.class)
class ConditioningViewsUiTest {
    static final Path COND = SharedData.dump("cond-small-seed1");
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
    void melAndAudioTabsShowConditioningFeaturesAndWaves(FxRobot robot) throws Exception {
        WorkbenchSteps.openAndCompare(robot, wb, COND, COND);

        robot.interact(() -> wb.showTab("Mel"));
        List<String> features = wb.mel().choicesProperty().get().stream().map(StageSignal::entryOrFile).toList();
        assertEquals(List.of("final.prompt_feat", "s3gen.mel_extractor()", "kaldi.fbank()",
                "tokenizer.log_mel_spectrogram()", "tokenizer.log_mel_spectrogram()", "ve.melspectrogram()"), features);
        WorkbenchSteps.waitFor(() -> wb.mel().dataProperty().get() != null);
        MelData prompt = wb.mel().dataProperty().get();
        assertEquals("final.prompt_feat", prompt.feature().entry());
        double[] feat = Npy.read(COND.resolve("outputs/prompt_feat.npy")).toDoubleArray(); // (1, 337, 80)
        assertEquals(80, prompt.ref().rows(), "channels as rows");
        assertEquals(337, prompt.ref().cols(), "frames as columns");
        assertEquals(feat[5 * 80 + 7], prompt.ref().get(7, 5), 0.0, "channel 7 of frame 5");
        assertEquals(0, prompt.diff().maxAbs(), 0.0, "the dump against itself");
        WritableImage img = robot.lookup("#mel-ref").queryAs(HeatmapPane.class).image();
        assertNotNull(img);
        assertEquals(337, (int) img.getWidth());
        assertEquals(80, (int) img.getHeight());

        StageSignal fbank = wb.mel().choicesProperty().get().get(2);
        @SuppressWarnings("unchecked")
        ChoiceBox<StageSignal> melChoice = robot.lookup("#mel-choice").queryAs(ChoiceBox.class);
        robot.interact(() -> melChoice.setValue(fbank));
        WorkbenchSteps.waitFor(() -> wb.mel().dataProperty().get().feature() == fbank);
        MelData fb = wb.mel().dataProperty().get();
        assertEquals(80, fb.ref().rows());
        assertEquals(673, fb.ref().cols());
        assertEquals(673, (int) robot.lookup("#mel-diff").queryAs(HeatmapPane.class).image().getWidth());

        robot.interact(() -> wb.showTab("Audio"));
        List<StageSignal> waves = wb.audio().choicesProperty().get();
        assertEquals(List.of("inputs/reference.npy", "librosa.load()", "soxr.resample()", "ta_resample_24000_16000",
                "librosa.effects.trim()"), waves.stream().map(StageSignal::entryOrFile).toList());
        WorkbenchSteps.waitFor(() -> wb.audio().dataProperty().get() != null);
        AudioData input = wb.audio().dataProperty().get();
        double[] recording = Npy.read(COND.resolve("inputs/reference.npy")).toDoubleArray();
        assertEquals(148850, input.ref().length);
        assertEquals(recording[1000], input.ref()[1000], 0.0);
        assertEquals(148850, input.cand().length);
        XYDataset plotted = plotted(robot);
        assertEquals(2, plotted.getSeriesCount(), "reference and candidate");
        assertTrue(plotted.getItemCount(0) >= 400, "the downsampled wave has points");
        double end = plotted.getXValue(0, plotted.getItemCount(0) - 1);
        assertEquals(148850 / 22050.0, end, 0.01, "time axis at 22.05 kHz");

        StageSignal ta = waves.get(3);
        robot.interact(() -> wb.audio().show(ta));
        WorkbenchSteps.waitFor(() -> wb.audio().dataProperty().get().wave() == ta);
        assertEquals(108010, wb.audio().dataProperty().get().ref().length);
        assertEquals(ta, robot.lookup("#audio-choice").queryAs(ChoiceBox.class).getValue());
        XYDataset resampled = plotted(robot);
        assertEquals(108010 / 16000.0, resampled.getXValue(0, resampled.getItemCount(0) - 1), 0.01,
                "time axis at 16 kHz");
    }

    private static XYDataset plotted(FxRobot robot) {
        ChartViewer v = robot.lookup("#audio-wave").queryAs(ChartViewer.class);
        return ((XYPlot) v.getChart().getPlot()).getDataset();
    }
}
