package dev.parity.ui;

import static dev.parity.ui.WorkbenchSteps.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.io.MappedFilesTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** An exception escaping the JavaFX thread becomes the window's error line and one line on stderr. */
@ExtendWith(ApplicationExtension.class)
class FxFailuresTest {
    Workbench wb;
    Thread.UncaughtExceptionHandler previous;

    @BeforeAll
    static void headless() {
        Headless.use();
    }

    @Start
    void start(Stage stage) {
        wb = WorkbenchSteps.show(stage);
        previous = Thread.currentThread().getUncaughtExceptionHandler();
        FxFailures.install(wb.session()); // as WorkbenchApp does
    }

    @AfterEach
    void restore(FxRobot robot) {
        robot.interact(() -> Thread.currentThread().setUncaughtExceptionHandler(previous)); // the FX thread is shared
    }

    @Test
    void anExceptionOnTheFxThreadIsShownInTheWindow() throws Exception {
        Platform.runLater(() -> {
            throw new IllegalStateException("boom");
        });
        waitFor(() -> !wb.session().errorProperty().get().isEmpty());
        assertEquals("internal error: IllegalStateException: boom" + (Boolean.getBoolean("parity.debug") ? ""
                : " (run 'parity --debug gui' for the stack trace)"), wb.session().errorProperty().get());
    }

    @Test
    void anInputTruncatedUnderItsMappingIsNamed(@TempDir Path dir) throws Exception {
        Throwable fault = MappedFilesTest.faultReadingTruncated(dir);
        List<String> shown = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Thread.UncaughtExceptionHandler h = FxFailures.handler(shown::add, err);
            h.uncaughtException(Thread.currentThread(), fault);
            h.uncaughtException(Thread.currentThread(), fault); // the same failure again: shown, not printed again
        }
        String expected = dir.resolve("weights.safetensors").toAbsolutePath().normalize()
                + " changed while it was being read (now 0 bytes";
        assertEquals(2, shown.size());
        assertTrue(shown.get(0).startsWith(expected), shown.get(0));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("parity gui: " + expected), text);
    }
}
