package dev.parity.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.compare.TokenFlip;
import dev.parity.compare.TokenParity;
import dev.parity.localize.Culprit;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.GuidanceCheck;
import dev.parity.localize.ModuleVerdict;
import dev.parity.localize.StepMatrix;
import dev.parity.report.TokenReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine-readable form of a diagnosis, the data of {@link DiagnosisDocuments#report}: the JSON tree described
 * in {@code docs/report-schemas.md}. Every non-finite number is null.
 */
public final class DiagnosisJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiagnosisJson() {
    }

    /** The diagnosis as a JSON tree. */
    public static ObjectNode tree(Diagnosis d, String title) {
        ObjectNode root = JSON.createObjectNode();
        root.put("headline", DiagnosisSentences.headline(d));
        root.put("title", title);
        root.put("diverged", d.diverged());
        var c = d.comparison();
        root.put("aligned", c.aligned()).put("passed", c.passed()).put("failed", c.failed())
                .put("missing", c.missing()).put("floorEntries", d.floorEntries());
        ArrayNode miss = root.putArray("missingEntries");
        c.missingResults().forEach(r -> miss.add(r.reference().id().toString()));
        if (d.culprit() != null) {
            culprit(root.putObject("culprit"), d.culprit());
        }
        if (d.earlierBirth() != null) {
            ObjectNode b = root.putObject("birth").put("basis", d.earlierBirth().basis().name());
            num(b, "floorRatio", d.earlierBirth().floorRatio());
            culprit(b.putObject("culprit"), d.earlierBirth().culprit());
        }
        ArrayNode vs = root.putArray("verdicts");
        d.verdicts().forEach(v -> verdict(vs.addObject(), v));
        steps(root.putObject("steps"), d.steps());
        if (!d.tokens().isEmpty()) {
            tokens(root.putObject("tokens"), d.tokens());
        }
        ObjectNode g = root.putObject("guidance");
        guidance(g.putObject("reference"), d.refGuidance());
        guidance(g.putObject("candidate"), d.candGuidance());
        root.set("audio", JSON.valueToTree(d.audio()));
        root.set("stages", JSON.valueToTree(d.stages()));
        root.set("stageSwaps", JSON.valueToTree(d.stageSwaps()));
        ArrayNode rp = root.putArray("replays");
        d.replays().forEach(r -> {
            ObjectNode o = rp.addObject().put("module", r.module()).put("call", r.call())
                    .put("status", r.status().name());
            num(o, "relL2", r.metrics() == null ? Double.NaN : r.metrics().relL2());
            num(o, "floorRatio", r.floorRatio());
            if (r.note() != null) {
                o.put("note", r.note());
            }
        });
        nanToNull(root);
        return root;
    }

    private static void culprit(ObjectNode o, Culprit c) {
        o.put("module", c.module()).put("call", c.call()).put("stage", c.stage()).put("kind", c.kind().name())
                .put("firstDivergence", c.first().reference().id().toString())
                .put("firstIndex", c.first().reference().index()).put("errorKind", c.shape().kind().name());
        num(o, "relL2", c.first().metrics() == null ? Double.NaN : c.first().metrics().relL2());
        num(o, "floorRatio", c.floorRatio());
        num(o, "gain", c.shape().gain());
        num(o, "offset", c.shape().offset());
        o.put("laterDivergent", c.laterDivergent());
    }

    private static void verdict(ObjectNode o, ModuleVerdict v) {
        o.put("module", v.call().name()).put("call", v.call().call()).put("verdict", v.verdict().name())
                .put("worstOutput", v.worstOut().reference().id().toString()).put("inputsCompared", v.inputsRecorded());
        num(o, "relL2", v.worstOut().metrics() == null ? Double.NaN : v.worstOut().metrics().relL2());
        num(o, "floorRatio", v.floorRatio());
    }

    private static void steps(ObjectNode o, StepMatrix m) {
        o.set("steps", JSON.valueToTree(m.steps()));
        o.set("columns", JSON.valueToTree(m.columns()));
        cells(o.putArray("relL2"), m.cells());
    }

    /** A matrix of numbers, one array per row, null where a cell is not finite. */
    private static void cells(ArrayNode rows, List<List<Double>> cells) {
        for (List<Double> r : cells) {
            ArrayNode a = rows.addArray();
            r.forEach(v -> {
                if (Double.isFinite(v)) {
                    a.add(v);
                } else {
                    a.addNull();
                }
            });
        }
    }

    private static void tokens(ObjectNode o, TokenParity t) {
        o.put("headline", TokenReport.headline(t)).put("referenceSteps", t.refSteps())
                .put("candidateSteps", t.candSteps());
        flip(o, "firstFlip", t.firstFlip());
        flip(o, "firstPickFlip", t.firstPickFlip());
        ArrayNode steps = o.putArray("steps");
        t.steps().forEach(s -> {
            ObjectNode x = steps.addObject().put("step", s.step()).put("referenceToken", s.refToken())
                    .put("candidateToken", s.candToken()).put("candidatePick", s.candPick());
            num(x, "logitsRelL2", s.logitsRelL2());
            num(x, "kl", s.kl());
            num(x, "margin", s.margin());
        });
        ObjectNode m = o.putObject("stepLayer");
        m.set("columns", JSON.valueToTree(t.matrix().columns()));
        cells(m.putArray("relL2"), t.matrix().cells());
    }

    private static void flip(ObjectNode o, String key, TokenFlip f) {
        if (f == null) {
            o.putNull(key);
            return;
        }
        ObjectNode x = o.putObject(key).put("step", f.step()).put("referenceToken", f.refToken())
                .put("candidateToken", f.candToken()).put("cause", f.cause().name())
                .put("nearTie", f.cause().isNearTie()).put("laterSteps", f.later()).put("laterEqual", f.laterEqual());
        num(x, "margin", f.margin());
        num(x, "shift", f.shift());
    }

    private static void guidance(ObjectNode o, GuidanceCheck g) {
        o.put("w", g.w()).put("consistent", g.consistent());
        num(o, "maxResidual", g.maxResidual());
        o.set("steps", JSON.valueToTree(g.steps()));
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    /** Replaces every NaN in the records serialized as they are (audio, stages, stage swaps, guidance) by null. */
    private static void nanToNull(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nan = new ArrayList<>();
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber() && Double.isNaN(e.getValue().doubleValue())) {
                    nan.add(e.getKey());
                } else {
                    nanToNull(e.getValue());
                }
            });
            nan.forEach(o::putNull);
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isNumber() && Double.isNaN(a.get(i).doubleValue())) {
                    a.set(i, NullNode.getInstance());
                } else {
                    nanToNull(a.get(i));
                }
            }
        }
    }
}
