package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import dev.parity.TraceCopies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code parity compare} end to end: exit codes, the closing line, reports, and one-line errors on bad input. */
class CompareCommandTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path cand;

    /** Result of one CLI run. */
    @BeforeEach
    void copyDump() throws IOException {
        cand = TraceCopies.copyTree(REF, tmp.resolve("cand"));
    }

    @Test
    void passingRunEndsWithTheCountsLineAndWritesEveryReport() throws IOException {
        Path[] reports = {tmp.resolve("r.json"), tmp.resolve("r.md"), tmp.resolve("r.html"), tmp.resolve("r.csv"),
            tmp.resolve("r.xml")};
        CliRun r = CliRun.of("compare", REF.toString(), cand.toString(), "--report", reports[0].toString(), "--report",
                reports[1].toString(), "--report", reports[2].toString(), "--report", reports[3].toString(),
                "--report", reports[4].toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(ENTRIES + " passed, 0 failed", lines[lines.length - 1]);
        var json = JSON.readTree(reports[0].toFile());
        assertEquals("parity-compare-report", json.get("schema").asText());
        assertEquals(ENTRIES, json.get("entries").size());
        assertEquals(1353, Files.readAllLines(reports[3]).size());
        assertTrue(Files.readString(reports[2]).contains("data:image/png;base64,"));
        assertTrue(Files.readString(reports[4]).contains("tests=\"" + ENTRIES + "\" failures=\"0\""));
    }

    @Test
    void aFailedReportDoesNotReplaceAnExistingFile() throws IOException {
        Path bad = tmp.resolve("report.txt");
        Files.writeString(bad, "keep me");
        CliRun r = CliRun.of("compare", REF.toString(), cand.toString(), "--report", bad.toString());
        assertEquals(ExitCodes.USAGE, r.code(), "an unknown report extension is a usage error");
        assertEquals("keep me", Files.readString(bad));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(ExitCodes.USAGE, CliRun.of("compare", REF.toString()).code());
        assertEquals(ExitCodes.USAGE,
                CliRun.of("compare", REF.toString(), cand.toString(), "--statistic", "median").code());
        assertEquals(ExitCodes.USAGE,
                CliRun.of("compare", REF.toString(), cand.toString(), "--per-layer", "x=1").code());
        assertEquals(ExitCodes.USAGE, CliRun.of("frobnicate").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing-field", "duplicate", "outside", "absolute", "missing-file", "version",
        "truncated-npy", "shape-disagrees", "object-dtype", "not-json", "no-manifest"})
    void badInputExitsWithThreeAndOneLineNamingTheFile(String kind) throws IOException {
        Path named = breakCandidate(kind);
        CliRun r = CliRun.of("compare", REF.toString(), cand.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), kind + ": " + r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), kind + ": " + err);
        assertTrue(err.contains(named.getFileName().toString()), kind + ": " + err);
    }

    private Path breakCandidate(String kind) throws IOException {
        Path manifest = cand.resolve("manifest.json");
        Path npy = cand.resolve("tensors/flow.encoder.embed#0.out.npy");
        return switch (kind) {
            case "missing-field" -> editEntries(manifest, a -> ((ObjectNode) a.get(3)).remove("shape"));
            case "duplicate" -> editEntries(manifest, a -> a.add(a.get(5).deepCopy()));
            case "outside" -> editEntries(manifest, a -> ((ObjectNode) a.get(0)).put("file", "../cand/manifest.json"));
            case "absolute" -> editEntries(manifest, a -> ((ObjectNode) a.get(0)).put("file", npy.toString()));
            case "missing-file" -> {
                Files.delete(npy);
                yield manifest;
            }
            case "version" -> edit(manifest, d -> d.put("version", 2));
            case "truncated-npy" -> truncate(npy, 100);
            case "shape-disagrees" -> patch(npy, "'shape': (", "'shape': (2, ");
            case "object-dtype" -> patch(npy, "'descr': '<f4'", "'descr': '|O8'");
            case "not-json" -> {
                Files.writeString(manifest, "{\"format\": \"parity-trace\", ");
                yield manifest;
            }
            default -> {
                Files.delete(manifest);
                yield manifest;
            }
        };
    }

    private static Path edit(Path manifest, Consumer<ObjectNode> f) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(manifest.toFile());
        f.accept(doc);
        JSON.writeValue(manifest.toFile(), doc);
        return manifest;
    }

    private static Path editEntries(Path manifest, Consumer<ArrayNode> f) throws IOException {
        return edit(manifest, d -> f.accept((ArrayNode) d.get("entries")));
    }

    private static Path truncate(Path f, int keep) throws IOException {
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, Math.min(b.length - 1, 128 + keep)));
        return f;
    }

    /** Rewrites the header dict of a version-1.0 .npy file, re-padding it so the data offset stays the same. */
    private static Path patch(Path f, String from, String to) throws IOException {
        byte[] b = Files.readAllBytes(f);
        String header = new String(b, 10, 118, StandardCharsets.ISO_8859_1);
        String dict = header.substring(0, header.indexOf('}') + 1);
        assertTrue(dict.contains(from), dict);
        String fixed = dict.replace(from, to);
        fixed = fixed + " ".repeat(117 - fixed.length()) + "\n";
        System.arraycopy(fixed.getBytes(StandardCharsets.ISO_8859_1), 0, b, 10, 118);
        Files.write(f, b);
        return f;
    }
}
