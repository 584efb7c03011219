package dev.parity.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parity.SharedData;
import dev.parity.io.EntryId;
import dev.parity.io.EntryKind;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.io.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Java metrics against NumPy's (fixtures/compare/make_metrics_fixture.py) on the shared float64 dump as reference
 * and the float32 dump as candidate.
 */
class MetricsAgainstNumpyTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/compare/metrics_f64_vs_f32.json");

    @Test
    void everyMetricAgreesWithNumpy() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(FIXTURE.toFile());
        Tolerance tol = new Tolerance(doc.get("atol").asDouble(), doc.get("rtol").asDouble(), Statistic.ELEMENTWISE, 1);
        Trace ref = TraceReader.read(SharedData.smallDumpF64());
        Trace cand = TraceReader.read(SharedData.smallDump());
        int checked = 0;
        for (JsonNode e : doc.get("entries")) {
            EntryId id = new EntryId(e.get("name").asText(), e.get("call").asInt(),
                    EntryKind.parse(e.get("kind").asText()), e.get("arg").isNull() ? null : e.get("arg").asText());
            TraceEntry r = ref.get(id);
            Metrics m = MetricsCalculator.compute(ref.tensor(r), cand.tensor(cand.get(id)), tol);
            check(id, e.get("metrics"), m);
            checked++;
        }
        assertTrue(checked > 100, "fixture covers the dump: " + checked);
    }

    private static void check(EntryId id, JsonNode want, Metrics m) {
        Map<String, Double> got = Map.ofEntries(Map.entry("max_abs", m.maxAbs()), Map.entry("mean_abs", m.meanAbs()),
                Map.entry("rmse", m.rmse()), Map.entry("rel_l2", m.relL2()), Map.entry("max_rel", m.maxRel()),
                Map.entry("cosine", m.cosine()), Map.entry("pearson", m.pearson()), Map.entry("snr_db", m.snrDb()),
                Map.entry("frac_within_tol", m.fracWithinTol()), Map.entry("ref_min", m.refMin()),
                Map.entry("ref_max", m.refMax()), Map.entry("cand_min", m.candMin()),
                Map.entry("cand_max", m.candMax()), Map.entry("min_passing_atol", m.minPassingAtol()),
                Map.entry("nan_ref", (double) m.nanRef()), Map.entry("nan_cand", (double) m.nanCand()),
                Map.entry("count", (double) m.count()));
        got.forEach((k, v) -> {
            double w = value(want.get(k));
            if (Double.isNaN(w) || Double.isInfinite(w)) {
                assertEquals(w, v, id + " " + k);
            } else {
                assertEquals(w, v, 1e-9 * Math.max(1, Math.abs(w)) + 1e-12, id + " " + k);
            }
        });
    }

    private static double value(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return n.asDouble();
    }
}
