package dev.parity.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parity weights ...} through {@link Main#run}: exit codes, one-line errors, JSON output. */
class WeightsCommandTest {
    private static final Path REF = SharedData.smallDump().resolve("weights.safetensors");

    @TempDir
    Path tmp;

    private static void assertBadInput(CliRun r, Path file, String problem) {
        assertEquals(3, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("parity weights ") && r.err().contains(": " + file + ": "), r.err());
        assertTrue(r.err().contains(problem), r.err());
    }

    @Test
    void statsPrintsTableAndWritesJson() throws IOException {
        Path json = tmp.resolve("stats.json");
        CliRun r = CliRun.of("weights", "stats", REF.toString(), "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("== mel2wav.ups:"), r.out());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        SafetensorsFile f = Safetensors.open(REF);
        assertEquals(f.names().size(), root.get("tensors").size());
        JsonNode first = root.get("tensors").get(0);
        String key = first.get("key").asText();
        assertEquals(f.entry(key).shape().rank(), first.get("shape").size());
        assertEquals("float32", first.get("dtype").asText());
    }

    @Test
    void diffOfACopyExitsZeroAndOfAnMlxPortOne() throws IOException {
        SafetensorsFile ref = Safetensors.open(REF);
        Path same = write("same.safetensors", copy(ref));
        assertEquals(0, CliRun.of("weights", "diff", REF.toString(), same.toString()).code());
        Map<String, Tensor> m = copy(ref);
        String conv = "flow.encoder.pre_lookahead_layer.conv1.weight";
        m.put(conv, m.get(conv).permute(0, 2, 1));
        Path json = tmp.resolve("diff.json");
        CliRun r = CliRun.of("weights", "diff", REF.toString(), write("mlx.safetensors", m).toString(), "--json",
                json.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains(conv + ": stored in MLX layout [out,k,in]"), r.out());
        JsonNode d = new ObjectMapper().readTree(json.toFile());
        assertEquals(ref.names().size(), d.get("findings").size());
    }

    @Test
    void diffWithMapFile() throws IOException {
        SafetensorsFile ref = Safetensors.open(REF);
        Map<String, Tensor> m = new LinkedHashMap<>();
        copy(ref).forEach((k, t) -> m.put("model." + k, t));
        Path cand = write("prefixed.safetensors", m);
        CliRun suggested = CliRun.of("weights", "diff", REF.toString(), cand.toString());
        assertEquals(1, suggested.code());
        assertTrue(suggested.out().contains("rename prefix model. -> '' would match " + ref.names().size() + " keys"),
                suggested.out());
        Path map = tmp.resolve("port.map");
        Files.writeString(map, "# port names\nstrip-prefix model.\n");
        assertEquals(0, CliRun.of("weights", "diff", REF.toString(), cand.toString(), "--map", map.toString()).code());
    }

    @Test
    void notASafetensorsFile() throws IOException {
        Path text = tmp.resolve("notes.safetensors");
        Files.writeString(text, "this is a text file, not a checkpoint\n");
        assertBadInput(CliRun.of("weights", "stats", text.toString()), text, "header length");
        assertBadInput(CliRun.of("weights", "diff", REF.toString(), text.toString()), text, "header length");
    }

    @Test
    void truncatedFile() throws IOException {
        Path cut = tmp.resolve("cut.safetensors");
        try (InputStream in = Files.newInputStream(REF); OutputStream out = Files.newOutputStream(cut)) {
            out.write(in.readNBytes((int) (Files.size(REF) / 2)));
        }
        assertBadInput(CliRun.of("weights", "stats", cut.toString()), cut, "out of range");
        assertBadInput(CliRun.of("weights", "diff", cut.toString(), REF.toString()), cut, "out of range");
    }

    @Test
    void checkpointsWithNothingInCommon() throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("encoder.layers.0.weight", Tensor.ofFloats(new Shape(2, 2), 1, 2, 3, 4));
        m.put("head", Tensor.ofFloats(new Shape(1), 5));
        Path other = write("other.safetensors", m);
        assertBadInput(CliRun.of("weights", "diff", REF.toString(), other.toString()), other, "no tensor in common");
    }

    @Test
    void missingFilesAndBadMapFiles() throws IOException {
        Path none = tmp.resolve("absent.safetensors");
        assertBadInput(CliRun.of("weights", "stats", none.toString()), none, "file not found");
        Path map = tmp.resolve("bad.map");
        Files.writeString(map, "rename (unclosed => x\n");
        assertBadInput(CliRun.of("weights", "diff", REF.toString(), REF.toString(), "--map", map.toString()), map,
                "line 1: bad regex");
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CliRun.of("weights", "diff", REF.toString()).code());
        assertEquals(2, CliRun.of("weights").code());
        assertEquals(2, CliRun.of("weights", "stats", REF.toString(), "--depth").code());
    }

    private static Map<String, Tensor> copy(SafetensorsFile f) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        f.names().forEach(k -> m.put(k, f.tensor(k)));
        return m;
    }

    private Path write(String name, Map<String, Tensor> m) throws IOException {
        Path p = tmp.resolve(name);
        Safetensors.write(p, m, Map.of());
        return p;
    }
}
