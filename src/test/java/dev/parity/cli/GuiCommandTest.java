package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuiCommandTest {
    @Test
    void theLauncherIsFoundByName() throws Exception {
        assertEquals("launch", GuiCommand.launcher().getName());
    }

    @Test
    void aDirectoryWithoutManifestIsBadInput(@TempDir Path dir) {
        assertEquals(ExitCodes.BAD_INPUT, Main.run("gui", dir.toString()));
        assertEquals(ExitCodes.BAD_INPUT, Main.run("gui", "--candidate", dir.resolve("nothing").toString()));
    }
}
