package dev.parity.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.Localizer;
import dev.parity.localize.NoiseFloor;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.JsonRenderer;
import dev.parity.report.doc.MarkdownRenderer;
import dev.parity.report.doc.RenderedStructure;
import dev.parity.report.doc.TextRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The diagnosis documents of the bundled dumps against their float64 twins: every section present, tables that
 * parse, well-formed HTML, and JSON that conforms to the diagnosis schema of {@code docs/report-schemas.md}.
 */
class DiagnosisDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Diagnosis diagnose(String ref, String cand, boolean floor) {
        Trace r = TraceReader.read(SharedData.dump(ref));
        Trace c = TraceReader.read(SharedData.dump(cand));
        return new Localizer(CompareOptions.defaults(), floor ? NoiseFloor.measure(r, c) : NoiseFloor.none())
                .diagnose(r, c);
    }

    @Test
    void s3genWithTheNoiseFloorHasEverySectionAndNoDivergence() throws Exception {
        Diagnosis d = diagnose("s3gen-small-seed1", "s3gen-small-seed1-f64", true);
        Document doc = DiagnosisDocuments.report(d, "Diagnosis: twin");
        RenderedStructure.check(doc);
        for (String s : List.of("Summary", "Module verdicts", "Stage view", "ODE step × module (rel L2)",
                "Guidance (CFG) check", "Audio-level checks")) {
            assertNotNull(doc.section(s), s);
        }
        String md = MarkdownRenderer.render(doc);
        assertTrue(md.startsWith("# Diagnosis: twin\n\n**No divergence:"), md);
        JsonNode j = JSON.readTree(JsonRenderer.render(doc));
        conforms(j);
        int entries = TraceReader.read(SharedData.smallDump()).entries().size();
        assertEquals(entries, j.get("aligned").asInt());
        assertEquals(entries, j.get("floorEntries").asInt());
        assertEquals(d.steps().steps().size(), j.get("steps").get("steps").size());
    }

    @Test
    void t3WithoutAFloorHasTheTokenSectionAndNullsForMissingRatios() throws Exception {
        Diagnosis d = diagnose("t3-small-seed1", "t3-small-seed1-f64", false);
        Document doc = DiagnosisDocuments.report(d, "Diagnosis: t3");
        RenderedStructure.check(doc);
        assertNotNull(doc.section("Sampled tokens"));
        JsonNode j = JSON.readTree(JsonRenderer.render(doc));
        conforms(j);
        assertEquals(d.tokens().refSteps(), j.get("tokens").get("referenceSteps").asInt());
        for (JsonNode v : j.get("verdicts")) {
            assertTrue(v.get("floorRatio").isNull(), "no floor: the ratio is null, " + v);
        }
    }

    @Test
    void terminalSummaryStartsWithTheHeadlineAndItsJsonIsTheDocumentSchema() throws Exception {
        Diagnosis d = diagnose("s3gen-small-seed1", "s3gen-small-seed1-f64", false);
        Document summary = DiagnosisDocuments.summary(d);
        String text = TextRenderer.render(summary);
        assertTrue(text.startsWith(DiagnosisSentences.headline(d) + "\n"), text);
        JsonNode j = JSON.readTree(JsonRenderer.render(summary));
        assertEquals("parity-document", j.get("schema").asText());
        assertEquals(JsonRenderer.VERSION, j.get("version").asInt());
        assertTrue(j.get("sections").isArray() && j.get("headline_ok").isBoolean());
        JsonNode first = j.get("sections").get(0).get("blocks").get(0);
        assertEquals("paragraph", first.get("type").asText());
        assertEquals(DiagnosisSentences.headline(d), first.get("text").asText());
    }

    /** The required keys and their types, as docs/report-schemas.md lists them. */
    static void conforms(JsonNode j) {
        for (String k : List.of("headline", "title")) {
            assertTrue(j.get(k).isTextual(), k);
        }
        assertTrue(j.get("diverged").isBoolean());
        for (String k : List.of("aligned", "passed", "failed", "missing", "floorEntries")) {
            assertTrue(j.get(k).isIntegralNumber(), k);
        }
        for (String k : List.of("missingEntries", "verdicts", "stages", "stageSwaps", "replays")) {
            assertTrue(j.get(k).isArray(), k);
        }
        for (String k : List.of("steps", "guidance", "audio")) {
            assertTrue(j.get(k).isObject(), k);
        }
        assertTrue(j.get("guidance").get("reference").get("consistent").isBoolean());
        for (JsonNode v : j.get("verdicts")) {
            assertTrue(v.get("module").isTextual() && v.get("call").isIntegralNumber()
                    && v.get("verdict").asText().matches("ORIGIN|CONTAINS_ORIGIN|INHERITED"), v.toString());
            assertTrue(v.get("relL2").isNumber() || v.get("relL2").isNull());
        }
    }
}
