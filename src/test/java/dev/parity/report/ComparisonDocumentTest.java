package dev.parity.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.TokenParity;
import dev.parity.compare.TraceComparator;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.JsonRenderer;
import dev.parity.report.doc.MarkdownRenderer;
import dev.parity.report.doc.RenderedStructure;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The comparison documents rendered: every section present, tables that parse, well-formed HTML, and JSON that
 * conforms to the {@code parity-compare-report} schema of {@code docs/report-schemas.md}. The comparisons are of
 * the bundled dumps against their float64 twins.
 */
class ComparisonDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Report report(String ref, String cand) {
        Trace r = TraceReader.read(SharedData.dump(ref));
        Trace c = TraceReader.read(SharedData.dump(cand));
        Comparison cmp = TraceComparator.compare(r, c, CompareOptions.defaults());
        return new Report(ref + " vs " + cand, Instant.now(), cmp, TokenParity.of(r, c, cmp));
    }

    @Test
    void s3genSummaryAndFullPageHaveEverySectionAndParse() throws Exception {
        Report r = report("s3gen-small-seed1", "s3gen-small-seed1-f64");
        Document summary = ComparisonDocument.summary(r);
        Document full = ComparisonDocument.full(r);
        RenderedStructure.check(summary);
        RenderedStructure.check(full);
        assertNotNull(summary.section("Worst entries"));
        assertNotNull(summary.section("ODE steps"));
        assertNotNull(full.section("All entries"));
        int entries = TraceReader.read(SharedData.smallDump()).entries().size();
        assertEquals(entries, full.section("All entries").blocks().stream()
                .mapToInt(b -> ((dev.parity.report.doc.Table) b).rows().size()).sum());
        String md = MarkdownRenderer.render(summary);
        assertTrue(md.startsWith("# " + r.title() + "\n\n**" + Summaries.headline(r.comparison()) + "**\n"), md);
    }

    @Test
    void t3ReportHoldsTheSampledTokensSection() throws Exception {
        Report r = report("t3-small-seed1", "t3-small-seed1-f64");
        Document d = ComparisonDocument.summary(r);
        RenderedStructure.check(d);
        assertNotNull(d.section("Sampled tokens"));
        JsonNode j = JSON.readTree(JsonRenderer.render(d));
        conforms(j);
        assertEquals(r.tokens().refSteps(), j.get("tokens").get("reference_steps").asInt());
        assertEquals(r.tokens().steps().size(), j.get("tokens").get("steps").size());
    }

    @Test
    void jsonConformsToTheCompareReportSchema() throws Exception {
        Report r = report("s3gen-small-seed1", "s3gen-small-seed1-f64");
        JsonNode j = JSON.readTree(JsonRenderer.render(ComparisonDocument.summary(r)));
        conforms(j);
        Comparison c = r.comparison();
        int entries = TraceReader.read(SharedData.smallDump()).entries().size();
        assertEquals(entries, j.get("summary").get("selected").asInt());
        assertEquals(entries, j.get("entries").size());
        assertEquals(c.passed(), j.get("summary").get("passed").asInt());
        assertEquals(entries, j.get("summary").get("passed").asInt() + j.get("summary").get("failed_total").asInt());
        assertFalse(c.allPassed()); // elementwise 1e-5/1e-4 against the float64 twin: the vocoder fails
        assertEquals(c.firstDivergence().reference().index(), j.get("summary").get("first_divergence").get("index")
                .asInt());
    }

    /** The required keys and their types, as docs/report-schemas.md lists them. */
    static void conforms(JsonNode j) {
        assertEquals(ComparisonJson.SCHEMA, j.get("schema").asText());
        assertEquals(ComparisonJson.VERSION, j.get("version").asInt());
        has(j, Map.of("tool", "string", "title", "string", "created", "string", "reference", "object",
                "candidate", "object", "tolerance", "object", "summary", "object", "entries", "array", "steps", "array",
                "unmatched", "object"));
        has(j.get("reference"), Map.of("path", "string", "entries", "int"));
        has(j.get("tolerance"), Map.of("atol", "number", "rtol", "number", "statistic", "string", "quantile", "number",
                "overrides", "array"));
        has(j.get("summary"), Map.of("selected", "int", "aligned", "int", "passed", "int", "failed", "int",
                "missing_in_candidate", "int", "failed_total", "int", "missing_allowed", "boolean",
                "nothing_compared", "boolean", "verdict", "string", "unmatched_candidate", "int"));
        assertTrue(j.get("summary").get("verdict").asText().matches("pass|fail"));
        for (JsonNode e : j.get("entries")) {
            has(e, Map.of("index", "int", "name", "string", "call", "int", "kind", "string", "status", "string",
                    "ref_shape", "array", "dtype", "string", "tolerance", "string"));
            JsonNode m = e.get("metrics");
            assertTrue(m.isNull() || m.isObject());
            if (m.isObject()) {
                for (String k : new String[] {"max_abs", "rel_l2", "cosine", "frac_within_tol"}) {
                    assertTrue(m.get(k).isNumber() || m.get(k).asText().matches("NaN|-?Infinity"), k);
                }
            }
        }
        has(j.get("unmatched"), Map.of("candidate", "array", "suggestions", "array"));
    }

    static void has(JsonNode o, Map<String, String> types) {
        types.forEach((k, t) -> {
            JsonNode v = o.get(k);
            assertNotNull(v, "missing key " + k);
            assertTrue(switch (t) {
                case "string" -> v.isTextual();
                case "int" -> v.isIntegralNumber();
                case "number" -> v.isNumber();
                case "boolean" -> v.isBoolean();
                case "array" -> v.isArray();
                default -> v.isObject();
            }, k + " should be " + t + ": " + v);
        });
    }
}
