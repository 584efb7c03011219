package dev.parity.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable form of a comparison: versioned JSON ({@code "schema": "parity-compare-report", "version":
 * 1}, documented in {@code docs/report-schemas.md}). Non-finite numbers are the strings {@code "Infinity"},
 * {@code "-Infinity"} and {@code "NaN"} (JSON has no such numbers).
 */
public final class ComparisonJson {
    public static final String SCHEMA = "parity-compare-report";
    public static final int VERSION = 1;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ComparisonJson() {
    }

    /** The whole report as a JSON tree. */
    public static ObjectNode tree(Report report) {
        Comparison c = report.comparison();
        ObjectNode o = F.objectNode().put("schema", SCHEMA).put("version", VERSION).put("tool", Report.TOOL)
                .put("title", report.title()).put("created", report.created().toString());
        o.putObject("reference").put("path", c.reference().toString()).put("entries", c.referenceEntries());
        o.putObject("candidate").put("path", c.candidate().toString()).put("entries", c.candidateEntries());
        tolerance(o.putObject("tolerance"), c);
        summary(o.putObject("summary"), c);
        ArrayNode entries = o.putArray("entries");
        c.results().forEach(r -> entry(entries.addObject(), r));
        ArrayNode steps = o.putArray("steps");
        for (StepSummary s : c.steps()) {
            ObjectNode x = steps.addObject().put("step", s.step()).put("entries", s.entries()).put("failed", s.failed());
            num(x, "max_rel_l2", s.maxRelL2());
            x.put("worst", s.worst());
        }
        if (!report.tokens().isEmpty()) {
            tokens(o.putObject("tokens"), report.tokens());
        }
        unmatched(o.putObject("unmatched"), c);
        return o;
    }

    private static void tolerance(ObjectNode o, Comparison c) {
        var base = c.options().policy().base();
        o.put("atol", base.atol()).put("rtol", base.rtol()).put("statistic", base.statistic().label())
                .put("quantile", base.quantile());
        ArrayNode overrides = o.putArray("overrides");
        for (var v : c.options().policy().overrides()) {
            overrides.addObject().put("pattern", v.pattern()).put("atol", v.tolerance().atol())
                    .put("rtol", v.tolerance().rtol()).put("statistic", v.tolerance().statistic().label());
        }
    }

    private static void summary(ObjectNode o, Comparison c) {
        o.put("selected", c.results().size());
        ArrayNode only = o.putArray("only");
        c.options().only().forEach(only::add);
        o.put("aligned", c.aligned()).put("passed", c.passed()).put("failed", c.failed())
                .put("missing_in_candidate", c.missing()).put("missing_allowed", c.options().allowMissing())
                .put("failed_total", c.failedTotal()).put("nothing_compared", c.nothingCompared())
                .put("verdict", c.allPassed() ? "pass" : "fail").put("unmatched_candidate", c.unmatchedCandidate().size());
        EntryResult f = c.firstDivergence();
        if (f == null) {
            o.putNull("first_divergence");
        } else {
            idFields(o.putObject("first_divergence").put("index", f.reference().index()), f.reference());
        }
    }

    private static void idFields(ObjectNode o, TraceEntry e) {
        o.put("name", e.name()).put("call", e.call()).put("kind", e.kind().label()).put("arg", e.arg());
    }

    private static void entry(ObjectNode o, EntryResult r) {
        TraceEntry e = r.reference();
        o.put("index", e.index());
        idFields(o, e);
        o.put("module_type", e.moduleType()).put("status", r.status().label());
        shape(o.putArray("ref_shape"), e.shape().dims());
        if (r.candidate() == null) {
            o.putNull("cand_shape");
        } else {
            shape(o.putArray("cand_shape"), r.candidate().shape().dims());
        }
        o.put("dtype", e.dtype().numpyName());
        if (r.step() >= 0) {
            o.put("step", r.step());
        } else {
            o.putNull("step");
        }
        o.put("tolerance", r.tolerance().toString());
        metrics(o, r.metrics());
        o.put("finding", r.finding());
    }

    private static void shape(ArrayNode a, long[] dims) {
        for (long d : dims) {
            a.add(d);
        }
    }

    private static void metrics(ObjectNode parent, Metrics m) {
        if (m == null) {
            parent.putNull("metrics");
            return;
        }
        ObjectNode o = parent.putObject("metrics");
        num(o, "max_abs", m.maxAbs());
        num(o, "mean_abs", m.meanAbs());
        num(o, "rmse", m.rmse());
        num(o, "rel_l2", m.relL2());
        num(o, "max_rel", m.maxRel());
        num(o, "cosine", m.cosine());
        num(o, "pearson", m.pearson());
        num(o, "snr_db", m.snrDb());
        o.put("nan_ref", m.nanRef()).put("nan_cand", m.nanCand()).put("inf_ref", m.infRef())
                .put("inf_cand", m.infCand()).put("non_finite_disagree", m.mismatchedNonFinite());
        num(o, "frac_within_tol", m.fracWithinTol());
        num(o, "ref_min", m.refMin());
        num(o, "ref_max", m.refMax());
        num(o, "cand_min", m.candMin());
        num(o, "cand_max", m.candMax());
        num(o, "min_passing_atol", m.minPassingAtol());
    }

    /** A number, or the string "NaN", "Infinity" or "-Infinity". */
    static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.put(key, nonFinite(v));
        }
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }

    /** The token-level view: first flip, one object per step, the step × layer matrix (absent without a sampler). */
    private static void tokens(ObjectNode o, TokenParity t) {
        o.put("headline", TokenReport.headline(t)).put("reference_steps", t.refSteps())
                .put("candidate_steps", t.candSteps()).put("near_tie_nats", TokenParity.NEAR_TIE_NATS);
        flip(o, "first_flip", t.firstFlip());
        flip(o, "first_pick_flip", t.firstPickFlip());
        ArrayNode steps = o.putArray("steps");
        t.steps().forEach(s -> tokenStep(steps.addObject(), s));
        stepLayer(o.putObject("step_layer_rel_l2"), t.matrix());
    }

    private static void stepLayer(ObjectNode o, CallMatrix m) {
        ArrayNode cols = o.putArray("columns");
        m.columns().forEach(cols::add);
        ArrayNode rows = o.putArray("rows");
        for (int i = 0; i < m.steps().size(); i++) {
            ArrayNode row = rows.addArray();
            for (double v : m.cells().get(i)) {
                if (Double.isFinite(v)) {
                    row.add(v);
                } else {
                    row.add(nonFinite(v));
                }
            }
        }
    }

    private static void flip(ObjectNode parent, String key, TokenFlip f) {
        if (f == null) {
            parent.putNull(key);
            return;
        }
        ObjectNode o = parent.putObject(key).put("step", f.step()).put("reference_token", f.refToken())
                .put("candidate_token", f.candToken());
        num(o, "margin", f.margin());
        num(o, "shift", f.shift());
        o.put("cause", f.cause().name().toLowerCase(Locale.ROOT)).put("near_tie", f.cause().isNearTie())
                .put("later_steps", f.later()).put("later_equal", f.laterEqual());
    }

    private static void tokenStep(ObjectNode o, TokenStep s) {
        o.put("step", s.step()).put("reference_token", s.refToken()).put("candidate_token", s.candToken())
                .put("candidate_pick", s.candPick());
        num(o, "logits_rel_l2", s.logitsRelL2());
        num(o, "logits_max_abs", s.logitsMaxAbs());
        num(o, "kl", s.kl());
        num(o, "margin", s.margin());
        topK(o.putArray("reference_top"), s.refTop());
        topK(o.putArray("candidate_top"), s.candTop());
    }

    private static void topK(ArrayNode a, List<TokenProb> ps) {
        for (TokenProb p : ps) {
            num(a.addObject().put("token", p.token()), "p", p.p());
        }
    }

    private static void unmatched(ObjectNode o, Comparison c) {
        ArrayNode cand = o.putArray("candidate");
        for (TraceEntry e : c.unmatchedCandidate()) {
            ObjectNode x = cand.addObject();
            idFields(x, e);
            shape(x.putArray("shape"), e.shape().dims());
        }
        ArrayNode sug = o.putArray("suggestions");
        for (Suggestion s : c.suggestions()) {
            sug.addObject().put("candidate", s.candidate().toString()).put("reference", s.reference().toString())
                    .put("reason", s.reason());
        }
    }
}
