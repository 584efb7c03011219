package dev.parity.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parity.compare.CallMatrix;
import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.Metrics;
import dev.parity.compare.StepSummary;
import dev.parity.compare.Suggestion;
import dev.parity.compare.TokenFlip;
import dev.parity.compare.TokenParity;
import dev.parity.compare.TokenProb;
import dev.parity.compare.TokenStep;
import dev.parity.io.TraceEntry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Versioned JSON ({@code "schema": "parity-compare-report", "version": 1}). Non-finite numbers are written as
 * the strings {@code "Infinity"}, {@code "-Infinity"} and {@code "NaN"} (JSON has no such numbers).
 */
public final class JsonReportWriter {
    public static final int VERSION = 1;

    private JsonReportWriter() {
    }

    public static void write(Report report, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            Comparison c = report.comparison();
            g.writeStartObject();
            g.writeStringField("schema", "parity-compare-report");
            g.writeNumberField("version", VERSION);
            g.writeStringField("tool", Report.TOOL);
            g.writeStringField("title", report.title());
            g.writeStringField("created", report.created().toString());
            side(g, "reference", c.reference().toString(), c.referenceEntries());
            side(g, "candidate", c.candidate().toString(), c.candidateEntries());
            tolerance(g, c);
            summary(g, c);
            g.writeArrayFieldStart("entries");
            for (EntryResult r : c.results()) {
                entry(g, r);
            }
            g.writeEndArray();
            steps(g, c);
            tokens(g, report.tokens());
            unmatched(g, c);
            g.writeEndObject();
        }
    }

    private static void side(JsonGenerator g, String key, String path, int entries) throws IOException {
        g.writeObjectFieldStart(key);
        g.writeStringField("path", path);
        g.writeNumberField("entries", entries);
        g.writeEndObject();
    }

    private static void tolerance(JsonGenerator g, Comparison c) throws IOException {
        var base = c.options().policy().base();
        g.writeObjectFieldStart("tolerance");
        g.writeNumberField("atol", base.atol());
        g.writeNumberField("rtol", base.rtol());
        g.writeStringField("statistic", base.statistic().label());
        g.writeNumberField("quantile", base.quantile());
        g.writeArrayFieldStart("overrides");
        for (var o : c.options().policy().overrides()) {
            g.writeStartObject();
            g.writeStringField("pattern", o.pattern());
            g.writeNumberField("atol", o.tolerance().atol());
            g.writeNumberField("rtol", o.tolerance().rtol());
            g.writeStringField("statistic", o.tolerance().statistic().label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void summary(JsonGenerator g, Comparison c) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("selected", c.results().size());
        g.writeArrayFieldStart("only");
        for (String o : c.options().only()) {
            g.writeString(o);
        }
        g.writeEndArray();
        g.writeNumberField("aligned", c.aligned());
        g.writeNumberField("passed", c.passed());
        g.writeNumberField("failed", c.failed());
        g.writeNumberField("missing_in_candidate", c.missing());
        g.writeBooleanField("missing_allowed", c.options().allowMissing());
        g.writeNumberField("failed_total", c.failedTotal());
        g.writeBooleanField("nothing_compared", c.nothingCompared());
        g.writeStringField("verdict", c.allPassed() ? "pass" : "fail");
        g.writeNumberField("unmatched_candidate", c.unmatchedCandidate().size());
        g.writeFieldName("first_divergence");
        EntryResult f = c.firstDivergence();
        if (f == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeNumberField("index", f.reference().index());
            idFields(g, f.reference());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void idFields(JsonGenerator g, TraceEntry e) throws IOException {
        g.writeStringField("name", e.name());
        g.writeNumberField("call", e.call());
        g.writeStringField("kind", e.kind().label());
        g.writeStringField("arg", e.arg());
    }

    private static void entry(JsonGenerator g, EntryResult r) throws IOException {
        TraceEntry e = r.reference();
        g.writeStartObject();
        g.writeNumberField("index", e.index());
        idFields(g, e);
        g.writeStringField("module_type", e.moduleType());
        g.writeStringField("status", r.status().label());
        shape(g, "ref_shape", e.shape().dims());
        if (r.candidate() == null) {
            g.writeNullField("cand_shape");
        } else {
            shape(g, "cand_shape", r.candidate().shape().dims());
        }
        g.writeStringField("dtype", e.dtype().numpyName());
        if (r.step() >= 0) {
            g.writeNumberField("step", r.step());
        } else {
            g.writeNullField("step");
        }
        g.writeStringField("tolerance", r.tolerance().toString());
        metrics(g, r.metrics());
        g.writeStringField("finding", r.finding());
        g.writeEndObject();
    }

    private static void shape(JsonGenerator g, String key, long[] dims) throws IOException {
        g.writeArrayFieldStart(key);
        for (long d : dims) {
            g.writeNumber(d);
        }
        g.writeEndArray();
    }

    private static void metrics(JsonGenerator g, Metrics m) throws IOException {
        if (m == null) {
            g.writeNullField("metrics");
            return;
        }
        g.writeObjectFieldStart("metrics");
        num(g, "max_abs", m.maxAbs());
        num(g, "mean_abs", m.meanAbs());
        num(g, "rmse", m.rmse());
        num(g, "rel_l2", m.relL2());
        num(g, "max_rel", m.maxRel());
        num(g, "cosine", m.cosine());
        num(g, "pearson", m.pearson());
        num(g, "snr_db", m.snrDb());
        g.writeNumberField("nan_ref", m.nanRef());
        g.writeNumberField("nan_cand", m.nanCand());
        g.writeNumberField("inf_ref", m.infRef());
        g.writeNumberField("inf_cand", m.infCand());
        g.writeNumberField("non_finite_disagree", m.mismatchedNonFinite());
        num(g, "frac_within_tol", m.fracWithinTol());
        num(g, "ref_min", m.refMin());
        num(g, "ref_max", m.refMax());
        num(g, "cand_min", m.candMin());
        num(g, "cand_max", m.candMax());
        num(g, "min_passing_atol", m.minPassingAtol());
        g.writeEndObject();
    }

    private static void numValue(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeString(Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void num(JsonGenerator g, String key, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(key, v);
        } else {
            g.writeStringField(key, Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void steps(JsonGenerator g, Comparison c) throws IOException {
        g.writeArrayFieldStart("steps");
        for (StepSummary s : c.steps()) {
            g.writeStartObject();
            g.writeNumberField("step", s.step());
            g.writeNumberField("entries", s.entries());
            g.writeNumberField("failed", s.failed());
            num(g, "max_rel_l2", s.maxRelL2());
            g.writeStringField("worst", s.worst());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The token-level view: first flip, one object per step, the step × layer matrix (absent without a sampler). */
    private static void tokens(JsonGenerator g, TokenParity t) throws IOException {
        if (t.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("tokens");
        g.writeStringField("headline", TokenReport.headline(t));
        g.writeNumberField("reference_steps", t.refSteps());
        g.writeNumberField("candidate_steps", t.candSteps());
        g.writeNumberField("near_tie_nats", TokenParity.NEAR_TIE_NATS);
        flip(g, "first_flip", t.firstFlip());
        flip(g, "first_pick_flip", t.firstPickFlip());
        g.writeArrayFieldStart("steps");
        for (TokenStep s : t.steps()) {
            tokenStep(g, s);
        }
        g.writeEndArray();
        stepLayer(g, t.matrix());
        g.writeEndObject();
    }

    private static void stepLayer(JsonGenerator g, CallMatrix m) throws IOException {
        g.writeObjectFieldStart("step_layer_rel_l2");
        g.writeArrayFieldStart("columns");
        for (String col : m.columns()) {
            g.writeString(col);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rows");
        for (int i = 0; i < m.steps().size(); i++) {
            g.writeStartArray();
            for (double v : m.cells().get(i)) {
                numValue(g, v);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void flip(JsonGenerator g, String key, TokenFlip f) throws IOException {
        if (f == null) {
            g.writeNullField(key);
            return;
        }
        g.writeObjectFieldStart(key);
        g.writeNumberField("step", f.step());
        g.writeNumberField("reference_token", f.refToken());
        g.writeNumberField("candidate_token", f.candToken());
        num(g, "margin", f.margin());
        num(g, "shift", f.shift());
        g.writeStringField("cause", f.cause().name().toLowerCase(java.util.Locale.ROOT));
        g.writeBooleanField("near_tie", f.cause().isNearTie());
        g.writeNumberField("later_steps", f.later());
        g.writeNumberField("later_equal", f.laterEqual());
        g.writeEndObject();
    }

    private static void tokenStep(JsonGenerator g, TokenStep s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("step", s.step());
        g.writeNumberField("reference_token", s.refToken());
        g.writeNumberField("candidate_token", s.candToken());
        g.writeNumberField("candidate_pick", s.candPick());
        num(g, "logits_rel_l2", s.logitsRelL2());
        num(g, "logits_max_abs", s.logitsMaxAbs());
        num(g, "kl", s.kl());
        num(g, "margin", s.margin());
        topK(g, "reference_top", s.refTop());
        topK(g, "candidate_top", s.candTop());
        g.writeEndObject();
    }

    private static void topK(JsonGenerator g, String key, java.util.List<TokenProb> ps) throws IOException {
        g.writeArrayFieldStart(key);
        for (TokenProb p : ps) {
            g.writeStartObject();
            g.writeNumberField("token", p.token());
            num(g, "p", p.p());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void unmatched(JsonGenerator g, Comparison c) throws IOException {
        g.writeObjectFieldStart("unmatched");
        g.writeArrayFieldStart("candidate");
        for (TraceEntry e : c.unmatchedCandidate()) {
            g.writeStartObject();
            idFields(g, e);
            shape(g, "shape", e.shape().dims());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("suggestions");
        for (Suggestion s : c.suggestions()) {
            g.writeStartObject();
            g.writeStringField("candidate", s.candidate().toString());
            g.writeStringField("reference", s.reference().toString());
            g.writeStringField("reason", s.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
