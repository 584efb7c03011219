package dev.parity.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the T3 dump against a copy whose step-6 token was replaced; the status line names the token flip. */
@ExtendWith(ApplicationExtension.class)
class TokenStatusUiTest {
    static final Path T3 = SharedData.dump("t3-small-seed1");
    @TempDir
    static Path tmp;
    static Path candidate;
    Workbench wb;

    @BeforeAll
    static void flipped() throws Exception {
        Headless.use();
        candidate = TraceCopies.copy(T3, tmp.resolve("cand"), (i, e, t) -> {
            String name = e.get("name").asText();
            boolean token = (name.equals("rng.multinomial") || name.equals("torch.multinomial()"))
                    && e.get("call").asInt() == 6 && t.numel() == 1;
            return token ? Tensor.ofFloats(t.shape(), 2797) : t;
        });
    }

    @Start
    void start(Stage stage) {
        wb = WorkbenchSteps.show(stage);
    }

    @Test
    void statusLineNamesTheFirstTokenDivergenceAndTheReportHoldsIt(FxRobot robot) throws Exception {
        WorkbenchSteps.openAndCompare(robot, wb, T3, candidate);
        String status = wb.session().statusProperty().get();
        assertTrue(status.endsWith("; first token divergence at step 6 (margin inf nats, real divergence)"), status);
        assertEquals(6, wb.session().tokensProperty().get().firstFlip().step());
        Path md = tmp.resolve("report.md");
        robot.interact(() -> wb.session().exportReport(md));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(md));
        assertTrue(Files.readString(md).contains("First token divergence at step 6"));
    }
}
