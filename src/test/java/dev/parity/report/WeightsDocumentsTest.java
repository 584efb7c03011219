package dev.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.JsonRenderer;
import dev.parity.report.doc.RenderedStructure;
import dev.parity.report.doc.TextRenderer;
import dev.parity.weights.CheckpointDiff;
import dev.parity.weights.CheckpointStats;
import dev.parity.weights.MappingRules;
import dev.parity.weights.ModuleGroup;
import dev.parity.weights.WeightStatistics;
import org.junit.jupiter.api.Test;

/** The weight documents of the bundled S3Gen checkpoint: sections, aligned terminal tables, JSON data. */
class WeightsDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statsHaveOneSectionPerGroupAndAlignedColumns() throws Exception {
        SafetensorsFile ckpt = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        CheckpointStats s = WeightStatistics.compute(ckpt, MappingRules.none(), 2);
        Document d = WeightsDocuments.stats(s);
        RenderedStructure.check(d);
        for (ModuleGroup g : s.groups()) {
            assertTrue(d.sections().stream().anyMatch(x -> x.title() != null && x.title().startsWith(g.prefix()
                    + ": " + g.tensors() + " tensors")), g.prefix());
        }
        String text = TextRenderer.render(d);
        int header = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("key ")) {
                header = header < 0 ? line.indexOf("log2|x| histogram") : header;
                assertEquals(header, line.indexOf("log2|x| histogram"), "one layout for every group");
            } else if (line.startsWith("flow.") || line.startsWith("mel2wav.")) {
                // the histogram column ("[lo,hi) ..." or "-" for all zeros) starts where its header does
                assertTrue(line.charAt(header) == '[' || line.charAt(header) == '-', line);
                assertEquals(' ', line.charAt(header - 1), line);
            }
        }
        JsonNode j = JSON.readTree(JsonRenderer.render(d));
        assertEquals(ckpt.names().size(), j.get("tensors").size());
        assertTrue(j.get("tensors").get(0).get("shape").isArray());
    }

    @Test
    void diffOfACheckpointWithItselfSaysNoDifferences() throws Exception {
        SafetensorsFile ckpt = Safetensors.open(SharedData.smallDump().resolve("weights.safetensors"));
        Document d = WeightsDocuments.diff(CheckpointDiff.diff(ckpt, ckpt, MappingRules.none()));
        RenderedStructure.check(d);
        String text = TextRenderer.render(d);
        assertTrue(text.contains("matched " + ckpt.names().size() + " (0 by a suggested rule)"), text);
        assertTrue(text.endsWith("no differences\n"), text);
        JsonNode j = JSON.readTree(JsonRenderer.render(d));
        assertTrue(j.get("findings").isArray() && j.get("missing").isArray(), j.toString().substring(0, 200));
        assertEquals(ckpt.names().size(), j.get("refKeys").asInt());
    }
}
