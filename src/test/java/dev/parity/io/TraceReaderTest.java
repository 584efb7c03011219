package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parity.SharedData;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TraceReader} on the shared reference dump {@code s3gen-small-seed1}. */
class TraceReaderTest {
    /** Entries of the bundled {@code s3gen-small-seed1} (and its float64 twin), read from its manifest. */
    private static final int ENTRIES = SharedData.smallDumpEntries();

    @Test
    void readsTheSharedDump() {
        Trace t = TraceReader.read(SharedData.smallDump());
        assertEquals(ENTRIES, t.entries().size());
        Set<EntryId> ids = new HashSet<>();
        for (int i = 0; i < t.entries().size(); i++) {
            TraceEntry e = t.entries().get(i);
            assertEquals(i, e.index());
            assertTrue(ids.add(e.id()), "unique identity " + e.id());
            assertSame(e, t.get(e.id()));
        }
        TraceEntry first = t.entries().get(0);
        assertEquals(new EntryId("s3gen.inference()", 0, EntryKind.IN, null), first.id());
        assertEquals("method:S3Token2Wav.inference", first.moduleType());
        assertEquals("torch 1.13.1", t.producer().get("framework").asText());
        assertTrue(t.note().startsWith("entries are in execution order"));
        assertTrue(t.extra().isEmpty());
        assertEquals(SharedData.smallDump(), t.dir());
    }

    /** Every tensor read once: its file's shape is the manifest's, its dtype the manifest's or float32. */
    @Test
    void everyFileMatchesItsEntry() {
        Trace t = TraceReader.read(SharedData.smallDump());
        long elements = 0;
        double[] chunk = new double[4096];
        for (TraceEntry e : t.entries()) {
            Tensor x = t.tensor(e);
            assertEquals(e.shape(), x.shape(), e.id().toString());
            assertTrue(x.dtype() == e.dtype() || x.dtype() == DType.FLOAT32, e.id() + ": file holds " + x.dtype());
            assertEquals(size(t.fileOf(e)) > Npy.READ_WHOLE_BYTES, x.isDirect(), e.id() + ": mapped only when large");
            for (long i = 0; i < x.numel(); i += chunk.length) {
                int n = (int) Math.min(chunk.length, x.numel() - i);
                x.copyTo(i, chunk, 0, n);
            }
            elements += x.numel();
        }
        assertTrue(elements > 1_000_000, "read " + elements + " elements");
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reading validates the manifest only; a broken tensor file fails when (and only when) it is read. */
    @Test
    void tensorsAreReadLazily(@TempDir Path dir) throws IOException {
        Path trace = copyWithRealFiles(dir, 3);
        TraceEntry victim = TraceReader.read(trace).entries().get(1);
        Path f = trace.resolve(victim.file());
        Files.write(f, new byte[] {1, 2, 3}); // not a .npy any more
        Trace t = TraceReader.read(trace);
        t.tensor(t.entries().get(0));
        BadInputTest.assertProblem(f, "not a .npy file: only 3 bytes", () -> t.tensor(t.entries().get(1)));
    }

    @Test
    void aFileWhoseShapeDisagreesWithTheManifestIsRefusedWhenRead(@TempDir Path dir) throws IOException {
        Path trace = copyWithRealFiles(dir, 2);
        TraceEntry e = TraceReader.read(trace).entries().get(0);
        Npy.write(trace.resolve(e.file()), Tensor.ofFloats(Shape.ofInts(3), 1, 2, 3));
        Trace t = TraceReader.read(trace);
        BadInputTest.assertProblem(trace.resolve(e.file()).toAbsolutePath(),
                "shape [3] disagrees with the manifest's " + e.shape(), () -> t.tensor(e));
    }

    @Test
    void acceptsTheManifestPathAndUnnormalizedDirectories(@TempDir Path dir) throws IOException {
        Path trace = copyWithRealFiles(dir, 2);
        assertEquals(2, TraceReader.read(trace.resolve("manifest.json")).entries().size());
        Trace viaDots = TraceReader.read(trace.resolve("../trace"));
        assertEquals(2, viaDots.entries().size());
        assertEquals(trace.toAbsolutePath().normalize(), viaDots.dir());
    }

    @Test
    void keepsUnknownFieldsAndAcceptsZeroSizeShapes(@TempDir Path dir) throws IOException {
        Path trace = copyWithRealFiles(dir, 1);
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.JSON.readTree(trace.resolve("manifest.json").toFile());
        m.put("run_id", "abc");
        var e = (com.fasterxml.jackson.databind.node.ObjectNode) m.get("entries").get(0);
        e.putArray("tags").add("x");
        Npy.write(trace.resolve(e.get("file").asText()), Tensor.ofFloats(Shape.ofInts(2, 0)));
        e.putArray("shape").add(2).add(0);
        Fixtures.JSON.writeValue(trace.resolve("manifest.json").toFile(), m);
        Trace t = TraceReader.read(trace);
        assertEquals("abc", t.extra().get("run_id").asText());
        assertEquals(List.of("tags"), List.copyOf(t.entries().get(0).extra().keySet()));
        assertEquals(0, t.tensor(t.entries().get(0)).numel());
        assertNull(t.get(new EntryId("nope", 0, EntryKind.IN, null)));
    }

    /** The first {@code n} entries of the shared dump with their files copied (so they can be damaged). */
    static Path copyWithRealFiles(Path dir, int n) throws IOException {
        Path src = SharedData.smallDump();
        Path trace = Files.createDirectories(dir.resolve("trace"));
        var m = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.JSON.readTree(src.resolve("manifest.json").toFile());
        var entries = (com.fasterxml.jackson.databind.node.ArrayNode) m.get("entries");
        while (entries.size() > n) {
            entries.remove(entries.size() - 1);
        }
        for (var e : entries) {
            Path f = trace.resolve(e.get("file").asText());
            Files.createDirectories(f.getParent());
            Files.copy(src.resolve(e.get("file").asText()), f);
        }
        Fixtures.JSON.writeValue(trace.resolve("manifest.json").toFile(), m);
        return trace;
    }
}
