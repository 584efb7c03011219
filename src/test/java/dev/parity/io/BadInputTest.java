package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.SharedData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input ends in a {@link FormatException} whose message is one line, starts with the file and
 * names the problem. Tables: {@code .npy} images mutated from a NumPy fixture, safetensors files built byte by
 * byte, and manifests mutated from the real shared one.
 */
class BadInputTest {
    private static final Path NPY = Fixtures.NPY.resolve("float32-le-C-v1.npy"); // (2, 3, 4) float32

    // ---- .npy -------------------------------------------------------------------------------------------

    static Stream<Arguments> badNpy() {
        return Stream.of(
                npy("truncated data", b -> Arrays.copyOf(b, b.length - 5), "needs 96 data bytes but the file holds 91 (truncated)"),
                npy("trailing bytes", b -> Arrays.copyOf(b, b.length + 4), "needs 96 data bytes but the file holds 100"),
                npy("truncated header", b -> Arrays.copyOf(b, 40), "header length 118 exceeds the file (40 bytes)"),
                npy("shorter than the prefix", b -> Arrays.copyOf(b, 7), "not a .npy file: only 7 bytes"),
                npy("empty file", b -> new byte[0], "not a .npy file: only 0 bytes"),
                npy("bad magic", b -> edit(b, "NUMPY", "NUMPX"), "bad magic"),
                npy("unknown version", b -> set(b, 6, 4), "unsupported .npy format version 4.0"),
                npy("shape disagrees with data", b -> edit(b, "(2, 3, 4)", "(2, 3, 5)"), "header shape [2, 3, 5] of float32 needs 120 data bytes but the file holds 96"),
                npy("shape of an empty array with data", b -> edit(b, "(2, 3, 4)", "(2, 0, 4)"), "needs 0 data bytes but the file holds 96"),
                npy("negative dimension", b -> edit(b, "(2, 3, 4)", "(2,-3, 4)"), "bad shape (2,-3, 4)"),
                npy("shape not numbers", b -> edit(b, "(2, 3, 4)", "(2, x, 4)"), "bad shape (2, x, 4)"),
                npy("shape overflows", b -> edit(b, "(2, 3, 4), }" + " ".repeat(15), "(461168601842738790, 40), }"), "shape [461168601842738790, 40] overflows"),
                npy("unknown dtype", b -> edit(b, "'<f4'", "'<x4'"), "unknown or unsupported dtype '<x4'"),
                npy("dtype without byte order", b -> edit(b, "'<f4'", "'ff4'"), "unknown dtype 'ff4' (no byte-order character)"),
                npy("object dtype", b -> edit(b, "'<f4'", "'|O' "), "object arrays (pickles) are refused"),
                npy("structured dtype", b -> edit(b, "'descr': '<f4'", "'descr': [('a'"), "structured dtypes are not supported"),
                npy("no fortran_order", b -> edit(b, "'fortran_order'", "'fortran_ordex'"), "header has no valid 'fortran_order'"),
                npy("no descr", b -> edit(b, "'descr'", "'descx'"), "header has no valid 'descr'"),
                npy("header length beyond the limit", b -> set(set(b, 6, 2), 11, 0x7F), "exceeds the file"));
    }

    @ParameterizedTest
    @MethodSource("badNpy")
    void npyProblemsAreFormatExceptions(UnaryOperator<byte[]> mutate, String problem, @TempDir Path dir)
            throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, mutate.apply(Files.readAllBytes(NPY)));
        assertProblem(f, problem, () -> Npy.read(f));
        byte[] bytes = Files.readAllBytes(f);
        assertProblem(f, problem, () -> Npy.parse(f, ByteBuffer.wrap(bytes)));
    }

    @ParameterizedTest
    @MethodSource("missingFiles")
    void missingFilesAreFormatExceptions(String reader, Consumer<Path> read, @TempDir Path dir) {
        Path f = dir.resolve("nothing-here");
        assertProblem(f, "file not found", () -> read.accept(f));
    }

    @ParameterizedTest
    @MethodSource("missingFiles")
    void directoriesAreFormatExceptions(String reader, Consumer<Path> read, @TempDir Path dir) {
        FormatException e = assertThrows(FormatException.class, () -> read.accept(dir));
        assertTrue(e.getMessage().startsWith(dir + ": ") && e.problem().matches("is a directory.*|not a regular file"),
                e.getMessage());
    }

    static Stream<Arguments> missingFiles() {
        return Stream.of(
                Arguments.of("npy", (Consumer<Path>) Npy::read),
                Arguments.of("npz", (Consumer<Path>) Npz::read),
                Arguments.of("safetensors", (Consumer<Path>) Safetensors::open));
    }

    static Stream<Arguments> badNpz() {
        return Stream.of(
                Arguments.of(Named.of("not a zip", (Object) "PK but not really".getBytes(StandardCharsets.US_ASCII)), "not a valid .npz (zip) archive"),
                Arguments.of(Named.of("member not a .npy", (Object) zip("a.npy", "hello".getBytes(StandardCharsets.US_ASCII))), "a.npy: not a .npy file: only 5 bytes"),
                Arguments.of(Named.of("member truncated", (Object) zip("b.npy", Arrays.copyOf(npyBytes(), 150))), "b.npy: header shape [2, 3, 4] of float32 needs 96 data bytes but the file holds 22 (truncated)"));
    }

    @ParameterizedTest
    @MethodSource("badNpz")
    void npzProblemsAreFormatExceptions(byte[] file, String problem, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.npz");
        Files.write(f, file);
        FormatException e = assertThrows(FormatException.class, () -> Npz.read(f));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static byte[] zip(String name, byte[] content) {
        try {
            var bytes = new java.io.ByteArrayOutputStream();
            try (var z = new java.util.zip.ZipOutputStream(bytes)) {
                z.putNextEntry(new java.util.zip.ZipEntry(name));
                z.write(content);
                z.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] npyBytes() {
        try {
            return Files.readAllBytes(NPY);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- safetensors ------------------------------------------------------------------------------------

    static Stream<Arguments> badSafetensors() {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        return Stream.of(
                st("header longer than the file", header(1000, ok, 8), "header length 1000 is longer than the file"),
                st("header length near 2^63", header(Long.MAX_VALUE - 7, ok, 8), "header length 9223372036854775800 is longer than the file"),
                st("header length 2^64-1 (negative as a long)", header(-1, ok, 8), "header length 18446744073709551615 is longer than the file"),
                st("file shorter than the length field", Arrays.copyOf(header(2, "{}", 0), 5), "not a safetensors file: only 5 bytes"),
                st("empty header", header(0, "", 0), "header length 0 is too short for a JSON object"),
                st("non-JSON header", header("not json at all", 0), "header is not valid JSON"),
                st("header not an object", header("[1, 2]", 0), "header is not a JSON object"),
                st("trailing garbage after the header", header(ok + "x", 8), "header is not valid JSON"),
                st("duplicate tensor name", header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "Duplicate field 'a'"),
                st("invalid UTF-8", header(new byte[] {'{', (byte) 0xC3, '}'}, 0), "header is not valid UTF-8"),
                st("unknown dtype", header(ok.replace("F32", "F12"), 8), "tensor 'a': unknown dtype 'F12'"),
                st("length disagrees with shape", header(ok.replace("[2]", "[3]"), 8), "tensor 'a': 8 bytes but shape [3] of float32 needs 12"),
                st("offsets beyond the data", header(ok.replace("[0,8]", "[0,800]"), 8), "tensor 'a': data_offsets [0, 800] out of range for 8 data bytes"),
                st("offsets reversed", header(ok.replace("[0,8]", "[8,0]"), 8), "data_offsets [8, 0] out of range"),
                st("negative offset", header(ok.replace("[0,8]", "[-4,4]"), 8), "data_offsets [-4, 4] out of range"),
                st("offset beyond a long", header(ok.replace("[0,8]", "[0,18446744073709551616]"), 8), "data_offsets [0,18446744073709551616] are not integers"),
                st("overlapping tensors", header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "tensors 'a' [0, 8) and 'b' [4, 12) overlap"),
                st("fractional dimension", header(ok.replace("[2]", "[2.5]"), 8), "tensor 'a': bad shape [2.5]"),
                st("shape overflows", header(ok.replace("[2]", "[4611686018427387904,4]"), 8), "tensor 'a': shape [4611686018427387904, 4] overflows"),
                st("missing data_offsets", header(ok.replace("data_offsets", "offsets"), 8), "tensor 'a': needs dtype, shape and two data_offsets"),
                st("metadata not strings", header("{\"__metadata__\":{\"k\":1}}", 0), "__metadata__ value of 'k' is not a string"));
    }

    @ParameterizedTest
    @MethodSource("badSafetensors")
    void safetensorsProblemsAreFormatExceptions(byte[] file, String problem, @TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, file);
        assertProblem(f, problem, () -> Safetensors.open(f));
    }

    // ---- manifests --------------------------------------------------------------------------------------

    static Stream<Arguments> badManifests() {
        Stream<Arguments> missing = Stream.of("name", "call", "kind", "arg", "file", "shape", "dtype")
                .map(field -> manifest("entry without '" + field + "'", m -> entry(m, 5).remove(field),
                        "entry 5" + (field.equals("name") ? "" : " (") + "", "missing required field '" + field + "'"));
        Stream<Arguments> others = Stream.of(
                manifest("duplicate identity", m -> {
                    ObjectNode a = entry(m, 6);
                    ObjectNode b = entry(m, 7);
                    for (String k : new String[] {"name", "call", "kind", "arg"}) {
                        b.set(k, a.get(k));
                    }
                }, "entries 6 and 7 have the same identity", ""),
                manifest("file '../x.npy'", m -> entry(m, 3).put("file", "../x.npy"), "entry 3 (", "file '../x.npy' is outside the trace directory"),
                manifest("file escaping through a subfolder", m -> entry(m, 3).put("file", "tensors/../../x.npy"), "entry 3 (", "is outside the trace directory"),
                manifest("absolute file", m -> entry(m, 3).put("file", "/etc/hostname"), "entry 3 (", "file '/etc/hostname' is outside the trace directory"),
                manifest("the directory itself", m -> entry(m, 3).put("file", "."), "entry 3 (", "is outside the trace directory"),
                manifest("missing file", m -> entry(m, 3).put("file", "tensors/not-there.npy"), "entry 3 (", "file 'tensors/not-there.npy' does not exist"),
                manifest("file name with NUL", m -> entry(m, 3).put("file", "tensors/a\u0000b.npy"), "entry 3 (", "is not a valid path"),
                manifest("unknown version", m -> m.put("version", 2), "unknown trace format version 2 (this reader knows 1)", ""),
                manifest("version that wraps to 1 as an int", m -> m.put("version", 4294967297L), "unknown trace format version 4294967297", ""),
                manifest("version as text", m -> m.put("version", "1"), "field 'version' is missing or not an integer", ""),
                manifest("no version", m -> m.remove("version"), "field 'version' is missing or not an integer", ""),
                manifest("wrong format", m -> m.put("format", "parity-trace-v2"), "field 'format' must be \"parity-trace\", found \"parity-trace-v2\"", ""),
                manifest("no entries", m -> m.remove("entries"), "field 'entries' is missing or not an array", ""),
                manifest("unknown kind", m -> entry(m, 2).put("kind", "sideways"), "entry 2 (", "unknown kind 'sideways'"),
                manifest("negative call", m -> entry(m, 2).put("call", -1), "entry 2 (", "'call' must be a non-negative integer, found -1"),
                manifest("call beyond an int", m -> entry(m, 2).put("call", 1L << 32), "entry 2 (", "'call' must be a non-negative integer, found 4294967296"),
                manifest("negative dimension", m -> entry(m, 2).putArray("shape").add(-1), "entry 2 (", "bad shape [-1]"),
                manifest("dimension beyond a long", m -> entry(m, 2).putArray("shape").add(new java.math.BigInteger("18446744073709551616")), "entry 2 (", "bad shape"),
                manifest("unknown dtype", m -> entry(m, 2).put("dtype", "float128"), "entry 2 (", "unknown dtype 'float128'"),
                manifest("arg a number", m -> entry(m, 2).put("arg", 3), "entry 2 (", "'arg' must be a string or null, found 3"),
                manifest("entry not an object", m -> ((ArrayNode) m.get("entries")).insert(4, 17), "entry 4 is not an object", ""));
        return Stream.concat(missing, others);
    }

    @ParameterizedTest
    @MethodSource("badManifests")
    void manifestProblemsAreFormatExceptions(Consumer<ObjectNode> mutate, String where, String problem,
                                             @TempDir Path dir) throws IOException {
        Path trace = copyOfSharedTrace(dir);
        ObjectNode m = (ObjectNode) Fixtures.JSON.readTree(trace.resolve("manifest.json").toFile());
        mutate.accept(m);
        Fixtures.JSON.writeValue(trace.resolve("manifest.json").toFile(), m);
        FormatException e = assertProblem(trace.resolve("manifest.json"), problem, () -> TraceReader.read(trace));
        assertTrue(e.problem().contains(where), "names the entry: " + e.getMessage());
    }

    static Stream<Arguments> badManifestText() {
        return Stream.of(
                text("malformed JSON (cut short)", s -> s.substring(0, s.length() / 2), "invalid JSON: Unexpected end-of-input"),
                text("malformed JSON (stray comma)", s -> s.replaceFirst("\"version\": 1,", "\"version\": 1,,"), "invalid JSON: Unexpected character (','"),
                text("duplicate key", s -> s.replaceFirst("\"version\": 1,", "\"version\": 1, \"version\": 1,"), "invalid JSON: Duplicate field 'version'"),
                text("trailing garbage", s -> s + "]", "invalid JSON"),
                text("empty file", s -> "", "manifest is not a JSON object"),
                text("an array", s -> "[]", "manifest is not a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("badManifestText")
    void malformedManifestsAreFormatExceptions(UnaryOperator<String> mutate, String problem, @TempDir Path dir)
            throws IOException {
        Path trace = copyOfSharedTrace(dir);
        Path manifest = trace.resolve("manifest.json");
        Files.writeString(manifest, mutate.apply(Files.readString(manifest)));
        assertProblem(manifest, problem, () -> TraceReader.read(trace));
    }

    @ParameterizedTest
    @MethodSource("missingFiles")
    void aDirectoryWithoutManifestIsAFormatException(String ignored, Consumer<Path> unused, @TempDir Path dir) {
        assertProblem(dir.resolve("manifest.json"), "no manifest.json", () -> TraceReader.read(dir));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** The message is one line, starts with the file, and contains the problem. */
    static FormatException assertProblem(Path file, String problem, Runnable action) {
        FormatException e = assertThrows(FormatException.class, action::run);
        String msg = e.getMessage();
        assertFalse(msg.contains("\n") || msg.contains("\r"), "one line: " + msg);
        assertTrue(msg.startsWith(file + ": "), "names the file " + file + ": " + msg);
        assertTrue(e.problem().contains(problem), "expected problem '" + problem + "' in: " + msg);
        assertEquals(file, e.file());
        return e;
    }

    /** The manifest copied, the tensor folders hard-linked: a real trace in {@code dir/trace}. */
    static Path copyOfSharedTrace(Path dir) throws IOException {
        Path src = SharedData.smallDump();
        Path trace = Files.createDirectories(dir.resolve("trace"));
        Files.copy(src.resolve("manifest.json"), trace.resolve("manifest.json"));
        for (String sub : new String[] {"tensors", "inputs", "outputs", "extras"}) {
            if (Files.isDirectory(src.resolve(sub))) {
                dev.parity.TraceCopies.linkTree(src.resolve(sub), trace.resolve(sub));
            }
        }
        return trace;
    }

    private static ObjectNode entry(ObjectNode manifest, int i) {
        return (ObjectNode) manifest.get("entries").get(i);
    }

    private static Arguments npy(String label, UnaryOperator<byte[]> mutate, String problem) {
        return Arguments.of(Named.of(label, mutate), problem);
    }

    private static Arguments st(String label, byte[] file, String problem) {
        return Arguments.of(Named.of(label, file), problem);
    }

    private static Arguments manifest(String label, Consumer<ObjectNode> mutate, String where, String problem) {
        return Arguments.of(Named.of(label, mutate), where, problem.isEmpty() ? where : problem);
    }

    private static Arguments text(String label, UnaryOperator<String> mutate, String problem) {
        return Arguments.of(Named.of(label, mutate), problem);
    }

    /** Replaces {@code from} by {@code to} (same length) in the .npy header. */
    private static byte[] edit(byte[] b, String from, String to) {
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        if (at < 0 || from.length() != to.length()) {
            throw new IllegalArgumentException("cannot replace " + from + " with " + to);
        }
        byte[] r = b.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, r, at, to.length());
        return r;
    }

    private static byte[] set(byte[] b, int at, int value) {
        byte[] r = b.clone();
        r[at] = (byte) value;
        return r;
    }

    private static byte[] header(String json, int dataBytes) {
        return header(json.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    private static byte[] header(byte[] json, int dataBytes) {
        return header(json.length, json, dataBytes);
    }

    private static byte[] header(long declared, String json, int dataBytes) {
        return header(declared, json.getBytes(StandardCharsets.UTF_8), dataBytes);
    }

    /** u64 LE {@code declared} length, the JSON, then {@code dataBytes} bytes of data. */
    private static byte[] header(long declared, byte[] json, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(declared).put(json).array();
    }
}
