package dev.parity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parity.compare.TokenFlip;
import dev.parity.compare.TokenParity;
import dev.parity.io.AtomicFiles;
import dev.parity.report.Escape;
import dev.parity.localize.Culprit;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.GuidanceCheck;
import dev.parity.localize.ModuleVerdict;
import dev.parity.localize.StepMatrix;
import dev.parity.report.TokenReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes a diagnosis report as Markdown, HTML or JSON (by file extension), atomically. */
final class DiagnosisWriters {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DiagnosisWriters() {
    }

    /** Checks the extension up front: .md/.markdown, .html/.htm or .json. */
    static String kindOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".md") || n.endsWith(".markdown")) {
            return "md";
        } else if (n.endsWith(".html") || n.endsWith(".htm")) {
            return "html";
        } else if (n.endsWith(".json")) {
            return "json";
        }
        throw new BadInputException("unknown report format for '" + file + "' (use .md, .html or .json)");
    }

    static void write(Diagnosis d, String title, Path file) throws IOException {
        String text = switch (kindOf(file)) {
            case "md" -> markdown(d, title);
            case "html" -> html(d, title);
            default -> json(d, title);
        };
        AtomicFiles.writeString(file, text);
    }

    static String markdown(Diagnosis d, String title) {
        StringBuilder sb = new StringBuilder(Escape.markdown(DiagnosisText.headline(d))).append("\n\n# ")
                .append(Escape.markdown(title)).append("\n\n");
        for (DiagnosisDocument.Section s : DiagnosisDocument.of(d)) {
            sb.append("## ").append(s.title()).append("\n\n");
            s.paragraphs().forEach(p -> sb.append(Escape.markdown(p)).append("\n\n"));
            for (DiagnosisDocument.Table t : s.tables()) {
                sb.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
                t.header().forEach(h -> sb.append("---|"));
                sb.append('\n');
                t.rows().forEach(r -> sb.append("| ").append(String.join(" | ", r.stream().map(DiagnosisWriters::cell)
                        .toList())).append(" |\n"));
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return Escape.markdown(s);
    }

    static String html(Diagnosis d, String title) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title></head><body>\n<p><strong>").append(esc(DiagnosisText.headline(d)))
                .append("</strong></p>\n<h1>").append(esc(title)).append("</h1>\n");
        for (DiagnosisDocument.Section s : DiagnosisDocument.of(d)) {
            sb.append("<h2>").append(esc(s.title())).append("</h2>\n");
            s.paragraphs().forEach(p -> sb.append("<p>").append(esc(p)).append("</p>\n"));
            for (DiagnosisDocument.Table t : s.tables()) {
                sb.append("<table border=\"1\" cellspacing=\"0\"><tr>");
                t.header().forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
                sb.append("</tr>\n");
                t.rows().forEach(r -> {
                    sb.append("<tr>");
                    r.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
                    sb.append("</tr>\n");
                });
                sb.append("</table>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return Escape.terminal(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("`", "");
    }

    static String json(Diagnosis d, String title) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("headline", DiagnosisText.headline(d));
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
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).replace("\"NaN\"", "null");
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
        ArrayNode rows = o.putArray("relL2");
        for (List<Double> r : m.cells()) {
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
        ArrayNode rows = m.putArray("relL2");
        t.matrix().cells().forEach(r -> {
            ArrayNode a = rows.addArray();
            r.forEach(v -> {
                if (Double.isFinite(v)) {
                    a.add(v);
                } else {
                    a.addNull();
                }
            });
        });
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
}
