package dev.parity.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parity.SharedData;
import dev.parity.tensor.DType;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TraceWriter} and {@link TraceManifests}, checked by reading back with {@link TraceReader}. */
class TraceWriterTest {
    private static final Map<String, Object> PRODUCER = Map.of("name", "TraceWriterTest", "language", "java");

    /** The whole shared dump streamed through the writer: the manifest is valid after every flush. */
    @Test
    void streamsTheSharedDumpAndReadsBackIdenticalEntriesAndValues(@TempDir Path dir) throws IOException {
        Trace ref = TraceReader.read(SharedData.smallDump());
        Path out = dir.resolve("copy");
        try (TraceWriter w = TraceWriter.create(out, PRODUCER, "copied")) {
            assertEquals(0, TraceReader.read(out).entries().size(), "valid and empty right after create");
            for (TraceEntry e : ref.entries()) {
                w.add(e.id(), e.moduleType(), ref.tensor(e), e.dtype());
                if (w.size() % TraceWriter.FLUSH_EVERY == 0) { // at most FLUSH_EVERY or an eighth behind
                    int onDisk = TraceReader.read(out).entries().size();
                    assertTrue(w.size() - onDisk < Math.max(TraceWriter.FLUSH_EVERY, onDisk / 8),
                            "automatic flush: " + onDisk + " of " + w.size());
                    assertTrue(w.size() != TraceWriter.FLUSH_EVERY || onDisk == w.size(), "first flush");
                }
                if (w.size() % 500 == 0) {
                    w.flush();
                    assertEquals(w.size(), TraceReader.read(out).entries().size(), "explicit flush");
                }
            }
        }
        Trace back = TraceReader.read(out);
        assertEquals(ref.entries().size(), back.entries().size());
        assertEquals("copied", back.note());
        assertEquals("TraceWriterTest", back.producer().get("name").asText());
        for (int i = 0; i < ref.entries().size(); i++) {
            TraceEntry a = ref.entries().get(i);
            TraceEntry b = back.entries().get(i);
            assertEquals(a.id(), b.id());
            assertEquals(a.moduleType(), b.moduleType());
            assertEquals(a.shape(), b.shape());
            assertEquals(a.dtype(), b.dtype());
            assertEquals(ref.tensor(a).toBytes(ByteOrder.LITTLE_ENDIAN), back.tensor(b).toBytes(ByteOrder.LITTLE_ENDIAN),
                    a.id().toString());
        }
        try (Stream<Path> s = Files.walk(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void refusesANonEmptyDirectoryAndOverwritesNothing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("keep.txt"), "mine");
        BadInputTest.assertProblem(dir, "directory is not empty; refusing to overwrite it",
                () -> create(dir));
        assertEquals("mine", Files.readString(dir.resolve("keep.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        Path file = dir.resolve("keep.txt");
        BadInputTest.assertProblem(file, "exists and is not a directory", () -> create(file));
    }

    @Test
    void writesIntoAnExistingEmptyDirectoryWithTheUmasksPermissions(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("t"));
        try (TraceWriter w = TraceWriter.create(out, PRODUCER, null)) {
            w.add(new EntryId("a", 0, EntryKind.OUT, null), null, Tensor.ofFloats(Shape.ofInts(2), 1, 2), DType.FLOAT32);
        }
        Trace t = TraceReader.read(out);
        assertEquals(1, t.entries().size());
        Path probe = Files.writeString(dir.resolve("probe.txt"), "x"); // an ordinary file: the umask decides
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(out.resolve("manifest.json")));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(out.resolve(t.entries().get(0).file())));
    }

    @Test
    void duplicateIdentitiesAndReservedExtrasAreRefusedWithoutDamage(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("t");
        EntryId id = new EntryId("m", 0, EntryKind.IN, "mask");
        try (TraceWriter w = TraceWriter.create(out, PRODUCER, null)) {
            w.add(id, "M", Tensor.ofLongs(Shape.ofInts(1), 7), DType.BOOL);
            assertThrows(IllegalArgumentException.class,
                    () -> w.add(id, "M", Tensor.ofLongs(Shape.ofInts(1), 8), DType.BOOL));
            assertThrows(IllegalArgumentException.class, () -> w.add(id.withName("n"), "M",
                    Tensor.ofLongs(Shape.ofInts(1), 8), DType.INT64, Map.of("file", TextNode.valueOf("x"))));
            Tensor bf16 = Tensor.wrap(DType.BFLOAT16, Shape.ofInts(1), java.nio.ByteBuffer.allocate(2),
                    ByteOrder.LITTLE_ENDIAN, false);
            assertThrows(IllegalArgumentException.class, () -> w.add(id.withName("b"), null, bf16, DType.BFLOAT16));
            w.add(id.withName("b"), null, Tensor.ofFloats(Shape.ofInts(1), 0.5f), DType.BFLOAT16); // retry works
        }
        assertThrows(IllegalStateException.class, () -> {
            TraceWriter w = TraceWriter.create(dir.resolve("closed"), PRODUCER, null);
            w.close();
            w.add(id, null, Tensor.ofFloats(Shape.ofInts(1), 1), DType.FLOAT32);
        });
        Trace t = TraceReader.read(out);
        assertEquals(2, t.entries().size());
        assertEquals(7, t.tensor(t.get(id)).getLong(0));
        assertEquals(DType.BFLOAT16, t.entries().get(1).dtype());
    }

    @Test
    void writesExtraFieldsAndLongNames(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("t");
        String longName = "flow.decoder." + "estimator.".repeat(40) + "attn1";
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        extra.put("tags", Fixtures.JSON.createArrayNode().add("slow").add("attn"));
        extra.put("stats", Fixtures.JSON.createObjectNode().put("max", 1.5));
        try (TraceWriter w = TraceWriter.create(out, PRODUCER, null)) {
            w.putExtra("run_id", TextNode.valueOf("r1"));
            w.add(new EntryId(longName, 3, EntryKind.OUT, "1"), "Attention", Tensor.ofFloats(Shape.ofInts(1), 2),
                    DType.FLOAT16, extra);
            w.add(new EntryId(longName + "x", 3, EntryKind.OUT, "1"), "Attention", Tensor.ofFloats(Shape.ofInts(1), 3),
                    DType.FLOAT16, extra);
        }
        Trace t = TraceReader.read(out);
        assertEquals(extra, t.entries().get(0).extra());
        assertEquals(List.of("tags", "stats"), List.copyOf(t.entries().get(0).extra().keySet()));
        assertEquals("r1", t.extra().get("run_id").asText());
        assertTrue(t.entries().get(0).file().length() < 255);
        assertFalse(t.entries().get(0).file().equals(t.entries().get(1).file()));
        assertEquals(3.0, t.tensor(t.entries().get(1)).getDouble(0));
    }

    /** Names that differ only in case or in characters a file name cannot hold still get files of their own. */
    @Test
    void namesThatCollideAsFileNamesGetDistinctFiles(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("t");
        List<String> names = List.of("Flow.a", "flow.a", "flow/a", "flow:a", "flow.a()");
        try (TraceWriter w = TraceWriter.create(out, PRODUCER, null)) {
            for (int i = 0; i < names.size(); i++) {
                w.add(new EntryId(names.get(i), 0, EntryKind.OUT, null), null, Tensor.ofFloats(Shape.ofInts(1), i),
                        DType.FLOAT32);
            }
        }
        Trace t = TraceReader.read(out);
        java.util.Set<String> lower = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            TraceEntry e = t.entries().get(i);
            assertEquals(names.get(i), e.name());
            assertTrue(lower.add(e.file().toLowerCase(java.util.Locale.ROOT)), "distinct ignoring case: " + e.file());
            assertEquals(i, t.tensor(e).getDouble(0));
        }
    }

    /** A rewrite with renamed entries keeps producer, note, unknown fields (top level and entries) and values. */
    @Test
    void copyWithRenamedNamesKeepsUnknownFields(@TempDir Path dir) throws IOException {
        Path src = TraceReaderTest.copyWithRealFiles(dir, 40);
        ObjectNode m = (ObjectNode) Fixtures.JSON.readTree(src.resolve("manifest.json").toFile());
        m.putObject("run").put("seed", 1).put("device", "cpu");
        ((ObjectNode) m.get("entries").get(5)).putArray("tags").add("checked");
        ((ObjectNode) m.get("entries").get(6)).put("note_for_humans", "hi");
        Fixtures.JSON.writeValue(src.resolve("manifest.json").toFile(), m);
        Trace source = TraceReader.read(src);

        Trace copy = TraceManifests.copy(source, dir.resolve("port"), id -> id.withName("port." + id.name()));

        assertEquals(source.entries().size(), copy.entries().size());
        assertEquals(source.producer(), copy.producer());
        assertEquals(source.note(), copy.note());
        assertEquals(source.extra(), copy.extra());
        for (int i = 0; i < source.entries().size(); i++) {
            TraceEntry a = source.entries().get(i);
            TraceEntry b = copy.entries().get(i);
            assertEquals("port." + a.name(), b.name());
            assertEquals(a.id().withName(b.name()), b.id());
            assertEquals(a.extra(), b.extra());
            assertEquals(a.dtype(), b.dtype());
            assertEquals(a.moduleType(), b.moduleType());
            assertArrayEquals(source.tensor(a).toDoubleArray(), copy.tensor(b).toDoubleArray());
        }
        assertEquals(List.of("checked"), List.of(copy.entries().get(5).extra().get("tags").get(0).asText()));
        assertThrows(IllegalArgumentException.class,
                () -> TraceManifests.copy(source, dir.resolve("clash"), id -> id.withName("same")));
    }

    private static void create(Path dir) {
        try {
            TraceWriter.create(dir, PRODUCER, null).close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The producer's keys: an unordered map (Map.of, whose order changes from one JVM to the next) is written
     * sorted, so two runs of one command write the same manifest; an ordered one keeps its order.
     */
    @Test
    void producerKeysHaveAStableOrder(@TempDir Path dir) throws IOException {
        Map<String, Object> unordered = Map.of("name", "n", "language", "java", "framework", "f", "b", "1");
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("name", "n");
        ordered.put("language", "java");
        ordered.put("framework", "f");
        TraceWriter.create(dir.resolve("u"), unordered, null).close();
        TraceWriter.create(dir.resolve("o"), ordered, null).close();
        List<String> u = new java.util.ArrayList<>();
        TraceReader.read(dir.resolve("u")).producer().fieldNames().forEachRemaining(u::add);
        List<String> o = new java.util.ArrayList<>();
        TraceReader.read(dir.resolve("o")).producer().fieldNames().forEachRemaining(o::add);
        assertEquals(List.of("b", "framework", "language", "name"), u);
        assertEquals(List.of("name", "language", "framework"), o);
    }
}
