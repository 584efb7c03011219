package dev.parity.port.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the cache list Linux keeps per CPU, laid out as sysfs lays it out. */
class CpuCachesTest {
    @TempDir
    Path dir;

    private void leaf(String name, String level, String size) throws IOException {
        Path l = Files.createDirectories(dir.resolve(name));
        Files.writeString(l.resolve("level"), level + "\n");
        Files.writeString(l.resolve("size"), size + "\n");
    }

    @Test
    void aListedLevelTwoCacheWithASizeIsReported() throws IOException {
        leaf("index0", "1", "48K");
        leaf("index2", "2", "1024K");
        assertTrue(CpuCaches.reported(dir));
    }

    @Test
    void noDirectoryOnlyLevelOneOrZeroSizesAreNotReported() throws IOException {
        assertFalse(CpuCaches.reported(dir.resolve("missing")), "no cache directory (the Zen 5 host without leaves)");
        assertFalse(CpuCaches.reported(dir), "an empty directory");
        leaf("index0", "1", "48K");
        assertFalse(CpuCaches.reported(dir), "level 1 only");
        leaf("index2", "2", "0K");
        assertFalse(CpuCaches.reported(dir), "a level-2 cache of size 0");
        leaf("index3", "x", "32768K");
        assertFalse(CpuCaches.reported(dir), "an unreadable level");
    }

    /** On this machine the answer agrees with what Linux lists, and the Linear route follows it. */
    @Test
    void thisMachineAndTheLinearRouteAgree() {
        assertEquals(CpuCaches.reported(CpuCaches.SYSFS), CpuCaches.reported());
        if (!CpuCaches.reported()) {
            assertFalse(GemmRoute.decide().oneDnn(), GemmRoute.decide().describe());
        }
    }
}
