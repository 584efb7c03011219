package dev.parity;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the workplace's {@code shared/} folder (reference dumps and docs) that sits beside the clone:
 * system property {@code parity.shared}, else environment {@code PARITY_SHARED}, else {@code ../shared}.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String p = System.getProperty("parity.shared", System.getenv("PARITY_SHARED"));
        Path d = p != null ? Path.of(p) : Path.of("..", "shared");
        if (!Files.isDirectory(d.resolve("reference-dumps"))) {
            throw new IllegalStateException("shared data not found at " + d.toAbsolutePath()
                    + " (set -Dparity.shared or PARITY_SHARED)");
        }
        return d.toAbsolutePath().normalize();
    }

    /** {@code shared/reference-dumps/s3gen-small-seed1}. */
    public static Path smallDump() {
        return dir().resolve("reference-dumps/s3gen-small-seed1");
    }

    /** {@code shared/reference-dumps/s3gen-small-seed1-f64}. */
    public static Path smallDumpF64() {
        return dir().resolve("reference-dumps/s3gen-small-seed1-f64");
    }

    /** The repository root (Maven runs tests there). */
    public static Path repo() {
        return Path.of("").toAbsolutePath();
    }
}
