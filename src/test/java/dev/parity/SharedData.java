package dev.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the test data that ships with the repository: the upstream reference dumps and the full-size
 * state-dict listings under {@code reference-dumps/}. Tests read nothing outside the clone.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The repository's {@code reference-dumps/} folder. */
    public static Path dumps() {
        Path d = repo().resolve("reference-dumps");
        if (!Files.isDirectory(d.resolve("s3gen-small-seed1"))) {
            throw new IllegalStateException("reference dumps not found at " + d + " (run the tests from the clone)");
        }
        return d;
    }

    /** A bundled dump by name, e.g. {@code t3-small-seed1}. */
    public static Path dump(String name) {
        return dumps().resolve(name);
    }

    /** {@code reference-dumps/s3gen-small-seed1}. */
    public static Path smallDump() {
        return dump("s3gen-small-seed1");
    }

    /** {@code reference-dumps/s3gen-small-seed1-f64}: the float64 twin (the per-entry noise floor). */
    public static Path smallDumpF64() {
        return dump("s3gen-small-seed1-f64");
    }

    /** A full-size state-dict listing, e.g. {@code stateDict("s3gen")} for {@code s3gen-state-dict-full.tsv}. */
    public static Path stateDict(String model) {
        return dumps().resolve("state-dicts/" + model + "-state-dict-full.tsv");
    }

    /**
     * How many entries the manifest of {@code dump} lists, read from its JSON directly (not through
     * {@code TraceReader}), so that tests count what the dump holds instead of typing the number.
     */
    public static int manifestEntries(Path dump) {
        try {
            JsonNode entries = new ObjectMapper().readTree(dump.resolve("manifest.json").toFile()).get("entries");
            if (entries == null || !entries.isArray()) {
                throw new IllegalStateException(dump + "/manifest.json has no entries array");
            }
            return entries.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #manifestEntries} of {@link #smallDump}. */
    public static int smallDumpEntries() {
        return manifestEntries(smallDump());
    }

    /** The repository root (Maven runs tests there). */
    public static Path repo() {
        return Path.of("").toAbsolutePath();
    }
}
