package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiCommandTest {
    /** Runs {@code test} with JavaFX's Monocle platform (no display or GTK check: the launcher is what is tested). */
    private static void withMonocle(Runnable test) {
        String before = System.getProperty("glass.platform");
        System.setProperty("glass.platform", "Monocle");
        try {
            test.run();
        } finally {
            if (before == null) {
                System.clearProperty("glass.platform");
            } else {
                System.setProperty("glass.platform", before);
            }
        }
    }

    @Test
    void theWiredLauncherOpensTheGivenTraces() {
        withMonocle(() -> {
            List<Path> opened = new ArrayList<>();
            Path ref = SharedData.smallDump();
            Path cand = SharedData.smallDumpF64();
            assertEquals(ExitCodes.OK, Main.run((r, c) -> {
                opened.add(r);
                opened.add(c);
            }, "gui", ref.toString(), "--candidate", cand.toString()));
            assertEquals(List.of(ref, cand), opened);
        });
    }

    /** {@code --debug}, before or after {@code gui}, reaches the window's JavaFX thread (ui.FxFailures). */
    @Test
    void debugReachesTheWindow() {
        withMonocle(() -> {
            for (String[] args : new String[][] {{"--debug", "gui"}, {"gui", "--debug"}, {"gui"}}) {
                System.clearProperty("parity.debug");
                List<String> seen = new ArrayList<>();
                assertEquals(ExitCodes.OK, Main.run((r, c) -> seen.add(System.getProperty("parity.debug")), args));
                assertEquals(java.util.Arrays.asList(args).contains("--debug") ? "true" : null, seen.get(0),
                        String.join(" ", args));
            }
            System.clearProperty("parity.debug");
        });
    }

    @Test
    void withoutTheCompositionRootGuiIsAnInternalErrorThatSaysSo() {
        withMonocle(() -> assertEquals(ExitCodes.INTERNAL, Main.run("gui", SharedData.smallDump().toString())));
    }

    @Test
    void aDirectoryWithoutManifestIsBadInput(@TempDir Path dir) {
        assertEquals(ExitCodes.BAD_INPUT, Main.run("gui", dir.toString()));
        assertEquals(ExitCodes.BAD_INPUT, Main.run("gui", "--candidate", dir.resolve("nothing").toString()));
    }
}
