package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import dev.parity.TraceCopies;
import dev.parity.io.Npy;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.io.TraceWriter;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probes of issue 12, one table per finding: each row builds the hostile input from the bundled dump,
 * runs the CLI, and asserts the exit code, the message, and that no file that existed before (inputs and
 * earlier outputs, in the temporary directory and in the bundled dump) changed in content or permissions.
 */
class HostileInputTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();
    private static final Path REF = SharedData.smallDump();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entry 11 of the small dump: flow.input_embedding call 0 out, float32 (1, 12, 64). */
    private static final int FLOAT_ENTRY = 11;
    private static final String FLOAT_FILE = "tensors/flow.input_embedding#0.out.npy";

    @TempDir
    Path tmp;
    private final List<Path> mounts = new ArrayList<>();

    /** Builds the probe's files under {@code tmp} and returns the CLI arguments. */
    @FunctionalInterface
    interface Setup {
        String[] args(HostileInputTest t) throws Exception;
    }

    /** An extra check after the run (reports written, say). */
    @FunctionalInterface
    interface After {
        void check(HostileInputTest t, CliRun r) throws Exception;
    }

    private static Arguments probe(String label, Setup setup, int exit, String message) {
        return probe(label, setup, exit, message, (t, r) -> { });
    }

    private static Arguments probe(String label, Setup setup, int exit, String message, After after) {
        return Arguments.of(Named.of(label, setup), exit, message, after);
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor();
        }
    }

    // ---- 1. missing entries pass ----------------------------------------------------------------------

    static Stream<Arguments> missingEntries() {
        return Stream.of(
                probe("a candidate with 10 % of the entries", t -> t.compare(t.keepFirst(t.trace("c"), 136)), 1,
                        "136 passed, 1216 failed (0 diverged, 1216 missing)"),
                probe("JUnit gets a failing testcase per missing entry", t -> t.compare(t.keepFirst(t.trace("c"), 136),
                        "--report", t.tmp.resolve("r.xml").toString(), "--report", t.tmp.resolve("r.md").toString()),
                        1, "missing", (t, r) -> {
                            String xml = Files.readString(t.tmp.resolve("r.xml"));
                            assertTrue(xml.contains("tests=\"" + ENTRIES + "\" failures=\"1216\""),
                                    xml.substring(0, 300));
                            assertEquals(1216, xml.split("type=\"missing\"").length - 1);
                            assertTrue(Files.readString(t.tmp.resolve("r.md")).contains("## Missing in candidate (1216"));
                        }),
                probe("an empty entries array", t -> t.compare(t.keepFirst(t.trace("c"), 0)), 1, "Nothing compared"),
                probe("every name renamed", t -> t.compare(t.edit(t.trace("c"), m -> entries(m).forEach(e ->
                        ((ObjectNode) e).put("name", "port." + e.get("name").asText())))), 1, "Nothing compared"),
                probe("diagnose with 10 % of the entries", t -> new String[] {"diagnose", REF.toString(), "--candidate",
                        t.keepFirst(t.trace("c"), 136).toString(), "--report", t.tmp.resolve("d.json").toString(),
                        "--report", t.tmp.resolve("d.md").toString()}, 1, "1216 reference entries missing", (t, r) -> {
                            assertEquals(1216, JSON.readTree(t.tmp.resolve("d.json").toFile()).get("missingEntries").size());
                            assertTrue(r.out().startsWith("No divergence among the 136 aligned entries, but 1216 "
                                    + "reference entries are missing"), r.out());
                            assertTrue(Files.readString(t.tmp.resolve("d.md")).contains("Missing in the candidate: 1216"));
                        }),
                probe("--allow-missing is the opt-in", t -> t.compare(t.keepFirst(t.trace("c"), 136), "--allow-missing"),
                        0, "136 passed, 0 failed (0 diverged, 1216 missing and allowed)"),
                probe("--only selects what the candidate records", t -> t.compare(t.keepFirst(t.trace("c"), 136),
                        "--only", "flow.input_embedding", "--only", "flow.spk_embed_*"), 0, "4 passed, 0 failed"));
    }

    @ParameterizedTest
    @MethodSource("missingEntries")
    void finding1MissingEntriesFail(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 2. a partial trace passes ----------------------------------------------------------------------

    static Stream<Arguments> partialTraces() {
        return Stream.of(
                probe("manifest marked unfinished", t -> t.compare(t.edit(t.trace("c"), m -> m.put("complete", false))),
                        3, "unfinished (\"complete\": false)"),
                probe("a writer closed without finish()", t -> t.compare(t.writtenNotFinished()), 3,
                        "after 300 entries (last: "),
                probe("diagnose refuses it too", t -> new String[] {"diagnose", REF.toString(), "--candidate",
                        t.edit(t.trace("c"), m -> m.put("complete", false)).toString()}, 3, "a partial trace cannot be"),
                probe("'complete' that is not a boolean", t -> t.compare(t.edit(t.trace("c"), m -> m.put("complete",
                        "yes"))), 3, "field 'complete' must be true or false"),
                probe("marked complete passes", t -> t.compare(t.edit(t.trace("c"), m -> m.put("complete", true))), 0,
                        ENTRIES + " passed, 0 failed"));
    }

    @ParameterizedTest
    @MethodSource("partialTraces")
    void finding2PartialTracesAreRefused(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 3. outputs overwrite inputs --------------------------------------------------------------------

    static Stream<Arguments> outputsOnInputs() {
        return Stream.of(
                probe("--report on the reference's manifest", t -> t.compare(t.trace("c"), "--report",
                        REF.resolve("manifest.json").toString()), 2, "is the reference's manifest"),
                probe("--report through a symlink to the candidate's manifest", t -> {
                    Path c = t.trace("c");
                    Path link = Files.createSymbolicLink(t.tmp.resolve("r.json"), c.resolve("manifest.json"));
                    return t.compare(c, "--report", link.toString());
                }, 2, "is the candidate's manifest"),
                probe("--report on a tensor of the candidate", t -> {
                    Path c = t.trace("c");
                    Path link = Files.createSymbolicLink(t.tmp.resolve("t.csv"), c.resolve(FLOAT_FILE));
                    return t.compare(c, "--report", link.toString());
                }, 2, "tensor for flow.input_embedding call 0 out"), // hard-linked: also the reference's
                probe("weights stats W --json W", t -> {
                    Path w = t.checkpoint();
                    return new String[] {"weights", "stats", w.toString(), "--json", w.toString()};
                }, 2, "is the checkpoint"),
                probe("weights diff A B --json B", t -> {
                    Path w = t.checkpoint();
                    return new String[] {"weights", "diff", REF.resolve("weights.safetensors").toString(),
                        w.toString(), "--json", w.toString()};
                }, 2, "is the candidate checkpoint"),
                probe("diagnose --report on the candidate's manifest", t -> {
                    Path c = t.trace("c");
                    return new String[] {"diagnose", REF.toString(), "--candidate", c.toString(), "--report",
                        c.resolve("manifest.json").toString()};
                }, 2, "is the candidate's manifest"),
                probe("a read-only report is not replaced", t -> {
                    Path old = Files.writeString(t.tmp.resolve("old.md"), "previous report");
                    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("r--r--r--"));
                    return t.compare(t.trace("c"), "--report", old.toString());
                }, 3, "is read-only; not replaced"));
    }

    @ParameterizedTest
    @MethodSource("outputsOnInputs")
    void finding3OutputsNeverOverwriteInputs(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 4. silent write failures -----------------------------------------------------------------------

    static Stream<Arguments> fullDisks() {
        return Stream.of("md", "html", "csv", "xml", "json").map(ext -> probe("." + ext + " on a full disk", t -> {
            Path full = t.fullDisk();
            Path report = full.resolve("report." + ext);
            Files.writeString(report, "previous report");
            t.fill(full);
            return t.compare(t.trace("c"), "--report", report.toString());
        }, 3, "No space left on device", (t, r) -> assertFalse(r.out().contains("Report: "), r.out())));
    }

    @ParameterizedTest
    @MethodSource("fullDisks")
    void finding4WriteFailuresExit3AndKeepThePreviousReport(Setup s, int exit, String message, After after)
            throws Exception {
        check(s, exit, message, after);
    }

    // ---- 5. NaN passes ------------------------------------------------------------------------------------

    static Stream<Arguments> nans() {
        return Stream.of(
                probe("one NaN in the candidate, --statistic quantile", t -> t.compare(t.withNaN(t.trace("c")),
                        "--statistic", "quantile", "--report", t.tmp.resolve("r.json").toString(), "--report",
                        t.tmp.resolve("r.md").toString()), 1,
                        "candidate 1 NaN 0 Inf, 1 position(s) disagree", (t, r) -> {
                            var doc = JSON.readTree(t.tmp.resolve("r.json").toFile());
                            var e = doc.get("entries").get(FLOAT_ENTRY);
                            assertEquals("fail", e.get("status").asText());
                            assertEquals(1, e.get("metrics").get("nan_cand").asInt());
                            assertEquals(1, e.get("metrics").get("non_finite_disagree").asInt());
                            assertTrue(Files.readString(t.tmp.resolve("r.md")).contains(
                                    "NaN/Inf: reference 0 NaN 0 Inf, candidate 1 NaN 0 Inf"));
                        }),
                probe("one NaN in the candidate, --statistic rel_l2", t -> t.compare(t.withNaN(t.trace("c")),
                        "--statistic", "rel_l2"), 1, "NaN/Inf: reference 0 NaN 0 Inf, candidate 1 NaN"),
                probe("one NaN in the reference", t -> new String[] {"compare", t.withNaN(t.trace("r")).toString(),
                        t.trace("c").toString(), "--statistic", "mean"}, 1, "NaN/Inf: reference 1 NaN 0 Inf, candidate 0"),
                probe("NaN on both sides at the same position agrees", t -> new String[] {"compare",
                        t.withNaN(t.trace("r")).toString(), t.withNaN(t.trace("c")).toString()}, 0,
                        ENTRIES + " passed, 0 failed"));
    }

    @ParameterizedTest
    @MethodSource("nans")
    void finding5NanFailsUnderEveryStatistic(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 6. int64 is not exact ---------------------------------------------------------------------------

    static Stream<Arguments> int64() {
        long big = 1L << 53;
        return Stream.of(
                probe("2^53 + 1 against 2^53", t -> new String[] {"compare", t.withInt(t.trace("r"), big).toString(),
                        t.withInt(t.trace("c"), big + 1).toString()}, 1, "First divergence: flow.input_embedding call 0 in"),
                probe("2^53 against 2^53", t -> new String[] {"compare", t.withInt(t.trace("r"), big).toString(),
                        t.withInt(t.trace("c"), big).toString()}, 0, ENTRIES + " passed, 0 failed"),
                probe("Long.MIN_VALUE against Long.MAX_VALUE", t -> new String[] {"compare",
                        t.withInt(t.trace("r"), Long.MIN_VALUE).toString(),
                        t.withInt(t.trace("c"), Long.MAX_VALUE).toString()}, 1, "First divergence: flow.input_embedding"));
    }

    @ParameterizedTest
    @MethodSource("int64")
    void finding6IntegersAreComparedExactly(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 7. crashes ---------------------------------------------------------------------------------------

    static Stream<Arguments> crashes() {
        String key = "flow.input_embedding.weight";
        return Stream.of(
                probe("weights audit: a checkpoint missing a key is the finding", t -> new String[] {"weights", "audit",
                        t.withoutKey(key).toString()}, 1, "1 missing, 0 mis-shaped key(s)"),
                probe("replay: a checkpoint missing a key is one line", t -> new String[] {"replay",
                        t.withoutKey(key).toString(), "--modules", "flow.input_embedding"}, 3, "missing: " + key),
                probe("diagnose: a checkpoint missing a key is one line", t -> new String[] {"diagnose",
                        t.withoutKey(key).toString(), "--no-stage-swaps"}, 3, "missing: " + key),
                probe("run names the missing key", t -> new String[] {"run", t.withoutKey(key).toString(), "--out",
                        t.tmp.resolve("out").toString()}, 3, "missing: " + key),
                probe("/dev/zero as manifest.json", t -> {
                    Path c = Files.createDirectories(t.tmp.resolve("z"));
                    Files.createSymbolicLink(c.resolve("manifest.json"), Path.of("/dev/zero"));
                    return t.compare(c);
                }, 3, "is a character device, not a manifest file"),
                probe("a sparse 3 GB manifest.json", t -> {
                    Path c = Files.createDirectories(t.tmp.resolve("s"));
                    try (RandomAccessFile f = new RandomAccessFile(c.resolve("manifest.json").toFile(), "rw")) {
                        f.setLength(3L << 30);
                    }
                    return t.compare(c);
                }, 3, "manifest of 3221225472 bytes is larger than the limit"),
                probe("a FIFO as manifest.json", t -> {
                    Path c = Files.createDirectories(t.tmp.resolve("f"));
                    mkfifo(c.resolve("manifest.json"));
                    return t.compare(c);
                }, 3, "is a FIFO (named pipe), not a manifest file"),
                probe("a FIFO as checkpoint", t -> {
                    Path f = t.tmp.resolve("w.safetensors");
                    mkfifo(f);
                    return new String[] {"weights", "stats", f.toString()};
                }, 3, "is a FIFO (named pipe), not a safetensors file"));
    }

    @ParameterizedTest
    @MethodSource("crashes")
    void finding7NoCrashNoHang(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 8. containment -----------------------------------------------------------------------------------

    static Stream<Arguments> containment() {
        return Stream.of(
                probe("an entry file that is a symlink out of the trace", t -> {
                    Path c = t.trace("c");
                    Files.delete(c.resolve(FLOAT_FILE));
                    Files.createSymbolicLink(c.resolve(FLOAT_FILE), REF.resolve(FLOAT_FILE));
                    return t.compare(c);
                }, 3, "leads outside the trace directory"),
                probe("a directory symlink inside the trace", t -> {
                    Path c = t.tmp.resolve("c");
                    Files.createDirectories(c);
                    Files.copy(REF.resolve("manifest.json"), c.resolve("manifest.json"));
                    Files.createSymbolicLink(c.resolve("tensors"), REF.resolve("tensors"));
                    return t.compare(c);
                }, 3, "leads outside the trace directory"),
                probe("a symlink that stays inside the trace is fine", t -> {
                    Path c = t.trace("c");
                    Files.move(c.resolve(FLOAT_FILE), c.resolve("moved.npy"));
                    Files.createSymbolicLink(c.resolve(FLOAT_FILE), Path.of("../moved.npy"));
                    return t.compare(c);
                }, 0, ENTRIES + " passed, 0 failed"));
    }

    @ParameterizedTest
    @MethodSource("containment")
    void finding8EntryFilesStayInsideTheirTrace(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- 9. small lies ------------------------------------------------------------------------------------

    static Stream<Arguments> smallLies() {
        String evil = "flow.input_embedding\n\u001b[31m<b>red</b>|`x`";
        return Stream.of(
                probe("--worst=-5", t -> t.compare(t.trace("c"), "--worst=-5"), 2, "--worst must be 0 or more",
                        (t, r) -> assertFalse(r.out().contains("passed"), "no work before the usage error")),
                probe("a bad --per-layer regex", t -> t.compare(t.trace("c"), "--per-layer", "re:(=1,1"), 2,
                        "--per-layer: bad pattern 're:('"),
                probe("a bad --only regex", t -> t.compare(t.trace("c"), "--only", "re:[a"), 2, "--only: bad pattern"),
                probe("an unknown report extension", t -> t.compare(t.trace("c"), "--report",
                        t.tmp.resolve("r.txt").toString()), 2, "unknown report format"),
                probe("float32 declared, int64 stored", t -> {
                    Path c = t.trace("c");
                    t.setTensor(c, FLOAT_FILE, Tensor.ofLongs(new Shape(1, 12, 64), new long[12 * 64]));
                    return t.compare(c);
                }, 3, "holds int64 but the manifest declares float32"),
                probe("a fractional speech token", t -> {
                    Path d = t.trace("d");
                    Tensor tok = Npy.read(REF.resolve("inputs/speech_tokens.npy"));
                    double[] v = tok.toDoubleArray();
                    v[2] = 3.7;
                    t.setTensor(d, "inputs/speech_tokens.npy", Tensor.ofDoubles(tok.shape(), v));
                    return new String[] {"run", d.toString(), "--out", t.tmp.resolve("out").toString()};
                }, 3, "token id 3.7 at position 2 is not an integer"),
                probe("a directory as an entry file", t -> {
                    Path c = t.trace("c");
                    Files.delete(c.resolve(FLOAT_FILE));
                    Files.createDirectory(c.resolve(FLOAT_FILE));
                    return t.compare(c);
                }, 3, "file '" + FLOAT_FILE + "' is a directory, not a .npy file"),
                probe("a FIFO as an entry file", t -> {
                    Path c = t.trace("c");
                    Files.delete(c.resolve(FLOAT_FILE));
                    mkfifo(c.resolve(FLOAT_FILE));
                    return t.compare(c);
                }, 3, "file '" + FLOAT_FILE + "' is a FIFO (named pipe), not a .npy file"),
                probe("names are escaped in the terminal, Markdown and HTML", t -> {
                    Path r = t.edit(t.trace("r"), m -> ((ObjectNode) entries(m).get(FLOAT_ENTRY)).put("name", evil));
                    Path c = t.edit(t.withNaN(t.trace("c")), m -> ((ObjectNode) entries(m).get(FLOAT_ENTRY))
                            .put("name", evil));
                    return new String[] {"compare", r.toString(), c.toString(), "--report",
                        t.tmp.resolve("r.md").toString(), "--report", t.tmp.resolve("r.html").toString()};
                }, 1, "First divergence: flow.input_embedding\\n\\x1b[31m<b>red</b>|`x`", (t, r) -> {
                    assertFalse(r.out().contains("\u001b") || r.out().contains("\nredd"), r.out());
                    String md = Files.readString(t.tmp.resolve("r.md"));
                    assertFalse(md.contains("\u001b"), md);
                    assertTrue(md.lines().filter(l -> l.contains("<b>")).allMatch(l -> l.contains("``")),
                            "raw HTML only inside code spans: " + md);
                    assertTrue(md.contains("&lt;b&gt;red&lt;/b&gt;"), md);
                    String html = Files.readString(t.tmp.resolve("r.html"));
                    assertFalse(html.contains("<b>red"), "HTML escaped");
                    assertTrue(html.contains("&lt;b&gt;red&lt;/b&gt;"));
                }));
    }

    @ParameterizedTest
    @MethodSource("smallLies")
    void finding9NoSmallLies(Setup s, int exit, String message, After after) throws Exception {
        check(s, exit, message, after);
    }

    // ---- the check every probe passes -----------------------------------------------------------------------

    private void check(Setup setup, int exit, String message, After after) throws Exception {
        String[] args = setup.args(this);
        Map<Path, String> before = snapshot(tmp);
        Map<Path, String> refBefore = snapshot(REF);
        CliRun r = assertTimeoutPreemptively(Duration.ofMinutes(3),
                () -> CliRun.of(args), "never hangs");
        String all = r.out() + r.err();
        assertEquals(exit, r.code(), all);
        assertTrue(all.contains(message), "expected '" + message + "' in:\n" + all);
        assertFalse(all.contains("\tat dev.parity") || all.contains("Exception in"), "no stack trace:\n" + all);
        if (exit == ExitCodes.BAD_INPUT || exit == ExitCodes.USAGE) {
            assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), "one line: " + r.err());
        }
        assertUnchanged(before, snapshot(tmp));
        assertEquals(refBefore, snapshot(REF), "the bundled dump is untouched");
        after.check(this, r);
    }

    /** Every file that existed before still has the same bytes and permissions (new files may appear). */
    private static void assertUnchanged(Map<Path, String> before, Map<Path, String> after) {
        before.forEach((p, v) -> assertEquals(v, after.get(p), p + " changed"));
    }

    /** Path → digest and permissions of every regular file (others by type only: a FIFO is never opened). */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isSymbolicLink(p)) {
                    m.put(p, "link " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(p, digest(p) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                } else if (!Files.isDirectory(p)) {
                    m.put(p, "special");
                }
            }
        }
        return m;
    }

    private static String digest(Path p) throws IOException {
        if (Files.size(p) > (64L << 20)) {
            return "size " + Files.size(p); // the sparse 3 GB manifest
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- builders -----------------------------------------------------------------------------------------

    private String[] compare(Path cand, String... more) {
        List<String> a = new ArrayList<>(List.of("compare", REF.toString(), cand.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A private copy of the small dump: files hard-linked, the manifest a real copy (it gets edited). */
    private Path trace(String name) throws IOException {
        Path t = TraceCopies.linkTree(REF, tmp.resolve(name));
        Files.delete(t.resolve("manifest.json"));
        Files.copy(REF.resolve("manifest.json"), t.resolve("manifest.json"));
        return t;
    }

    private Path edit(Path trace, Consumer<ObjectNode> change) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(trace.resolve("manifest.json").toFile());
        change.accept(m);
        JSON.writeValue(trace.resolve("manifest.json").toFile(), m);
        return trace;
    }

    private static ArrayNode entries(ObjectNode m) {
        return (ArrayNode) m.get("entries");
    }

    private Path keepFirst(Path trace, int n) throws IOException {
        return edit(trace, m -> {
            ArrayNode e = entries(m);
            while (e.size() > n) {
                e.remove(e.size() - 1);
            }
        });
    }

    /** Replaces a file of a linked copy without touching the original (the link is removed first). */
    private void setTensor(Path trace, String file, Tensor t) throws IOException {
        Files.delete(trace.resolve(file));
        Npy.write(trace.resolve(file), t);
    }

    /** Element 5 of flow.input_embedding's output (a float32 value of the dump) becomes NaN. */
    private Path withNaN(Path trace) throws IOException {
        Tensor t = Npy.read(REF.resolve(FLOAT_FILE));
        float[] v = t.toFloatArray();
        v[5] = Float.NaN;
        setTensor(trace, FLOAT_FILE, Tensor.ofFloats(t.shape(), v));
        return trace;
    }

    /** flow.input_embedding's input (int64 token ids, stored as float32 in the dump) stored as int64 with
     * element 0 replaced by {@code value}. */
    private Path withInt(Path trace, long value) throws IOException {
        String file = "tensors/flow.input_embedding#0.in.npy";
        Tensor t = Npy.read(REF.resolve(file));
        long[] v = t.toLongArray();
        v[0] = value;
        setTensor(trace, file, Tensor.ofLongs(t.shape(), v));
        return trace;
    }

    /** A copy of the dump's checkpoint. */
    private Path checkpoint() throws IOException {
        return Files.copy(REF.resolve("weights.safetensors"), tmp.resolve("w.safetensors"));
    }

    /** A dump whose checkpoint lacks {@code key}. */
    private Path withoutKey(String key) throws IOException {
        Path d = trace("d");
        SafetensorsFile w = Safetensors.open(REF.resolve("weights.safetensors"));
        Map<String, Tensor> kept = new LinkedHashMap<>();
        for (String k : w.names()) {
            if (!k.equals(key)) {
                kept.put(k, w.tensor(k));
            }
        }
        assertEquals(w.names().size() - 1, kept.size(), key + " is in the checkpoint");
        Files.delete(d.resolve("weights.safetensors"));
        Safetensors.write(d.resolve("weights.safetensors"), kept, w.metadata());
        return d;
    }

    /** A 64 KiB tmpfs mounted under tmp (skipped where mounting is not allowed). */
    private Path fullDisk() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("full"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", m.toString())
                .redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root)");
        mounts.add(m);
        return m;
    }

    /** Fills the file system holding {@code dir} to the last byte. */
    private void fill(Path dir) throws IOException {
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            byte[] block = new byte[1024];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full
        }
    }

    private static void mkfifo(Path p) throws Exception {
        assumeTrue(new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0, "mkfifo");
    }

    /** A trace written by {@link TraceWriter} from the dump's first 300 entries and closed without finish(). */
    private Path writtenNotFinished() throws IOException {
        dev.parity.io.Trace ref = dev.parity.io.TraceReader.read(REF);
        Path out = tmp.resolve("w");
        TraceWriter w = TraceWriter.create(out, Map.of("name", "test"), null);
        for (var e : ref.entries().subList(0, 300)) {
            w.add(e.id(), e.moduleType(), ref.tensor(e), e.dtype());
        }
        w.close();
        return out;
    }
}
