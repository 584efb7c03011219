package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parity.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiCommandTest {
    @Test
    void theWiredLauncherOpensTheGivenTraces() {
        String before = System.getProperty("glass.platform");
        System.setProperty("glass.platform", "Monocle"); // no display or GTK check: the launcher is what is tested
        try {
            List<Path> opened = new ArrayList<>();
            Path ref = SharedData.smallDump();
            Path cand = SharedData.smallDumpF64();
            assertEquals(ExitCodes.OK, Main.run((r, c) -> {
                opened.add(r);
                opened.add(c);
            }, "gui", ref.toString(), "--candidate", cand.toString()));
            assertEquals(List.of(ref, cand), opened);
        } finally {
            if (before == null) {
                System.clearProperty("glass.platform");
            } else {
                System.setProperty("glass.platform", before);
            }
        }
    }

    @Test
    void withoutTheCompositionRootGuiIsAnInternalErrorThatSaysSo() {
        String before = System.getProperty("glass.platform");
        System.setProperty("glass.platform", "Monocle");
        try {
            assertEquals(ExitCodes.INTERNAL, Main.run("gui", SharedData.smallDump().toString()));
        } finally {
            if (before == null) {
                System.clearProperty("glass.platform");
            } else {
                System.setProperty("glass.platform", before);
            }
        }
    }

    @Test
    void aDirectoryWithoutManifestIsBadInput(@TempDir Path dir) {
        assertEquals(ExitCodes.BAD_INPUT, Main.run("gui", dir.toString()));
        assertEquals(ExitCodes.BAD_INPUT, Main.run("gui", "--candidate", dir.resolve("nothing").toString()));
    }
}
