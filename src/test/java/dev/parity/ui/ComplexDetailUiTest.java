package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import dev.parity.tensor.DType;
import dev.parity.tensor.Tensor;
import java.nio.file.Path;
import javafx.scene.control.ChoiceBox;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Headless: the conditioning dump against a candidate whose first tokenizer rotary table ({@code freqs_cis},
 * complex64) has one element rotated by 0.01 rad. The layer detail draws its magnitude, then its phase.
 */
@ExtendWith(ApplicationExtension.class)
class ComplexDetailUiTest {
    static final Path COND = SharedData.dump("cond-small-seed1");
    static final int ROW = 5;
    static final int COL = 3;
    static final double ANGLE = 0.01;
    @TempDir
    static Path tmp;
    static Path candidate;
    static TraceEntry target;
    Workbench wb;

    @BeforeAll
    static void rotatedCandidate() throws Exception {
        Headless.use();
        Trace ref = TraceReader.read(COND);
        target = ref.entries().stream().filter(e -> e.dtype().isComplex()).findFirst().orElseThrow();
        candidate = TraceCopies.copy(COND, tmp.resolve("cand"), (i, e, t) -> {
            if (i != target.index()) {
                return t;
            }
            e.put("file", "tensors/rotated.npy");
            return rotated(t.asComplex());
        });
    }

    @Start
    void start(Stage stage) {
        wb = WorkbenchSteps.show(stage);
    }

    @Test
    void detailShowsMagnitudeThenPhaseOfTheRotatedElement(FxRobot robot) throws Exception {
        WorkbenchSteps.openAndCompare(robot, wb, COND, candidate);
        robot.clickOn("#layers");
        robot.type(KeyCode.F);
        NavRow row = wb.navigator().selectedProperty().get();
        assertEquals(target.id(), row.entry().id(), "F selects the rotated rotary table");
        WorkbenchSteps.waitFor(() -> wb.detail().dataProperty().get() != null
                && wb.detail().dataProperty().get().row() == row);
        Tensor ref = TraceReader.read(COND).tensor(target);
        int k = ROW * (int) target.shape().dim(1) + COL;
        DetailData mag = wb.detail().dataProperty().get();
        assertEquals(ComplexPart.MAGNITUDE, mag.part());
        assertEquals(Math.hypot(ref.real(k), ref.imag(k)), mag.ref().values()[k], 1e-12);
        assertEquals(0, mag.diff().values()[k], 1e-6, "a rotation keeps the magnitude");
        ChoiceBox<?> part = robot.lookup("#complex-part").queryAs(ChoiceBox.class);
        assertNotNull(part);
        robot.interact(() -> wb.detail().showPart(ComplexPart.PHASE));
        WorkbenchSteps.waitFor(() -> wb.detail().dataProperty().get().part() == ComplexPart.PHASE);
        DetailData phase = wb.detail().dataProperty().get();
        assertEquals(Math.atan2(ref.imag(k), ref.real(k)), phase.ref().values()[k], 1e-12);
        assertEquals(ANGLE, phase.diff().values()[k], 1e-6, "the phase difference is the rotation");
        assertEquals(0, phase.diff().values()[k + 1], 0.0);
        assertTrue(wb.detailView().diffHeatmap().image() != null);
    }

    private static Tensor rotated(Tensor t) {
        int n = Math.toIntExact(t.numel());
        double[] re = new double[n];
        double[] im = new double[n];
        t.copyComplexTo(0, re, im, 0, n);
        int k = ROW * (int) t.shape().dim(1) + COL;
        double a = re[k];
        double b = im[k];
        re[k] = a * Math.cos(ANGLE) - b * Math.sin(ANGLE);
        im[k] = a * Math.sin(ANGLE) + b * Math.cos(ANGLE);
        return Tensor.ofComplex(DType.COMPLEX64, t.shape(), re, im);
    }
}
