package dev.parity.report;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.Metrics;
import dev.parity.compare.StepSummary;
import dev.parity.report.doc.Block;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.Section;
import dev.parity.report.doc.Table;
import dev.parity.report.doc.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * A comparison ({@link Report}) as a document. Two views: the {@link #summary} (the Markdown report: worst 15
 * entries, lists cut at 50 names) and the {@link #full} page (the HTML report: the error chart, worst 20, up to
 * 200 missing entries, every entry). Both carry the versioned JSON form ({@link ComparisonJson}) as their data.
 */
public final class ComparisonDocument {
    private static final int SUMMARY_WORST = 15;
    private static final int FULL_WORST = 20;
    /** Longest list of names the summary spells out; the rest is counted. */
    private static final int LIST = 50;
    private static final int FULL_MISSING = 200;

    private ComparisonDocument() {
    }

    /** Summary, worst entries, missing names, ODE steps, sampled tokens, unmatched candidate entries. */
    public static Document summary(Report report) {
        Comparison c = report.comparison();
        List<Section> s = new ArrayList<>();
        s.add(new Section(null, List.of(facts(c))));
        List<EntryResult> worst = c.worst(SUMMARY_WORST);
        if (!worst.isEmpty()) {
            s.add(new Section("Worst entries", List.of(entryTable(worst, false))));
        }
        if (!c.missingResults().isEmpty()) {
            s.add(new Section(missingTitle(c), List.of(missingList(c))));
        }
        steps(c, s);
        if (!report.tokens().isEmpty()) {
            s.add(TokenReport.section(report.tokens(), null));
        }
        if (!c.unmatchedCandidate().isEmpty()) {
            s.add(unmatched(c));
        }
        return document(report, s);
    }

    /** Summary and error chart, ODE steps, sampled tokens, worst entries, missing entries, every entry. */
    public static Document full(Report report) {
        Comparison c = report.comparison();
        List<Section> s = new ArrayList<>();
        s.add(new Section(null, List.of(facts(c), new Block.Figure("error per entry",
                ErrorChart.png(ErrorChart.create(c), 1000, 420)))));
        steps(c, s);
        if (!report.tokens().isEmpty()) {
            s.add(TokenReport.section(report.tokens(), null));
        }
        List<EntryResult> worst = c.worst(FULL_WORST);
        if (!worst.isEmpty()) {
            s.add(new Section("Worst entries", List.of(entryTable(worst, true))));
        }
        if (!c.missingResults().isEmpty()) {
            s.add(new Section(missingTitle(c), List.of(entryTable(c.missingResults().stream().limit(FULL_MISSING)
                    .toList(), true))));
        }
        if (!c.results().isEmpty()) {
            s.add(new Section("All entries", List.of(entryTable(c.results(), true))));
        }
        return document(report, s);
    }

    /**
     * What {@code parity compare} prints: both sides, the tolerance, the counts, the headline, the {@code worst}
     * worst entries, the missing entries (as many, at least one) and the unmatched candidate entries.
     */
    public static Document terminal(Comparison c, int worst) {
        List<Block> b = new ArrayList<>();
        b.add(line("Reference: " + c.reference() + " (" + c.referenceEntries() + " entries)"));
        b.add(line("Candidate: " + c.candidate() + " (" + c.candidateEntries() + " entries)"));
        b.add(line("Tolerance: " + c.options().policy().base()));
        b.add(line(Summaries.counts(c)));
        b.add(line(Summaries.headline(c)));
        List<EntryResult> ws = c.worst(worst);
        if (!ws.isEmpty()) {
            b.add(line("Worst entries:"));
            b.add(new Block.Bullets(ws.stream().map(r -> Text.of("#" + r.reference().index() + " ")
                    .thenCode(r.reference().id().toString()).then(": " + Summaries.describe(r))).toList()));
        }
        List<EntryResult> missing = c.missingResults();
        int shown = Math.max(worst, 1);
        if (!missing.isEmpty()) {
            b.add(line("Missing in candidate: " + missing.size() + (c.options().allowMissing() ? " (allowed)"
                    : " (each a failure)")));
            List<Text> items = new ArrayList<>(missing.stream().limit(shown).map(r -> Text.of("#"
                    + r.reference().index() + " ").thenCode(r.reference().id().toString())).toList());
            if (missing.size() > shown) {
                items.add(Text.of("... and " + (missing.size() - shown) + " more"));
            }
            b.add(new Block.Bullets(items));
        }
        if (!c.unmatchedCandidate().isEmpty()) {
            b.add(new Block.Paragraph(Text.of("Unmatched candidate entries: " + c.unmatchedCandidate().size()
                    + " (first: ").thenCode(c.unmatchedCandidate().get(0).id().toString()).then(")")));
            b.add(new Block.Bullets(c.suggestions().stream().limit(5).map(s -> Text.of("suggestion: ")
                    .thenCode(s.candidate().toString()).then(" -> ").thenCode(s.reference().toString())
                    .then(" (" + s.reason() + ")")).toList()));
        }
        return new Document(null, null, c.allPassed(), List.of(new Section(null, b)), null);
    }

    /**
     * What {@code parity demo} prints of a comparison: the counts, the headline, every final entry and the
     * {@code worst} worst entries, each with its figures.
     */
    public static Document finals(Comparison c, int worst) {
        List<Text> items = new ArrayList<>();
        c.results().stream().filter(r -> r.reference().kind() == dev.parity.io.EntryKind.FINAL)
                .forEach(r -> items.add(described("", r)));
        c.worst(worst).forEach(r -> items.add(described("worst: ", r)));
        List<Block> b = new ArrayList<>(List.of(line(Summaries.counts(c)), line(Summaries.headline(c))));
        if (!items.isEmpty()) {
            b.add(new Block.Bullets(items));
        }
        return new Document(null, null, c.allPassed(), List.of(new Section(null, b)), null);
    }

    private static Text described(String prefix, EntryResult r) {
        return Text.of(prefix).thenCode(r.reference().id().toString()).then(": " + Summaries.describe(r));
    }

    private static Block line(String s) {
        return new Block.Paragraph(Text.of(s));
    }

    private static Document document(Report report, List<Section> sections) {
        Comparison c = report.comparison();
        return new Document(report.title(), Text.of(Summaries.headline(c)), c.allPassed(), sections,
                "Generated by " + Report.TOOL + " at " + report.created() + ".", ComparisonJson.tree(report));
    }

    private static Block facts(Comparison c) {
        return new Block.Bullets(List.of(
                Text.of("Reference: ").thenCode(c.reference().toString()).then(" (" + c.referenceEntries()
                        + " entries)"),
                Text.of("Candidate: ").thenCode(c.candidate().toString()).then(" (" + c.candidateEntries()
                        + " entries)"),
                Text.of("Tolerance: " + c.options().policy().base()),
                Text.of(Summaries.counts(c))));
    }

    private static String missingTitle(Comparison c) {
        return "Missing in candidate (" + c.missing() + (c.options().allowMissing() ? ", allowed" : ", each a failure")
                + ")";
    }

    /** One row per result: index, entry, status, (shape), max abs, rel L2, cosine, (SNR dB), finding. */
    private static Table entryTable(List<EntryResult> rs, boolean full) {
        List<String> header = full ? List.of("#", "entry", "status", "shape", "max abs", "rel L2", "cosine", "SNR dB",
                "finding") : List.of("#", "entry", "status", "max abs", "rel L2", "cosine", "finding");
        List<List<Text>> rows = new ArrayList<>();
        for (EntryResult r : rs) {
            Metrics m = r.metrics();
            List<Text> row = new ArrayList<>(List.of(Text.of(String.valueOf(r.reference().index())),
                    Text.code(r.reference().id().toString()), Text.status(r.status().label())));
            if (full) {
                row.add(Text.of(r.reference().shape().toString()));
            }
            row.add(Text.of(m == null ? "" : Numbers.num(m.maxAbs())));
            row.add(Text.of(m == null ? "" : Numbers.num(m.relL2())));
            row.add(Text.of(m == null ? "" : Numbers.num(m.cosine())));
            if (full) {
                row.add(Text.of(m == null ? "" : Numbers.num(m.snrDb())));
            }
            row.add(Text.of(finding(r)));
            rows.add(row);
        }
        return Table.of(header, rows);
    }

    /** The finding and, when either side holds NaN or infinity, both sides' counts. */
    static String finding(EntryResult r) {
        String nonFinite = r.metrics() == null ? "" : Summaries.nonFinite(r.metrics());
        String f = (r.finding() == null ? "" : r.finding()) + nonFinite;
        return f.startsWith("; ") ? f.substring(2) : f;
    }

    private static Block missingList(Comparison c) {
        var missing = c.missingResults();
        List<Text> items = new ArrayList<>(missing.stream().limit(LIST).map(r -> Text.of(r.reference().index() + " ")
                .thenCode(r.reference().id().toString()).then(" " + r.reference().shape())).toList());
        if (missing.size() > LIST) {
            items.add(Text.of("... and " + (missing.size() - LIST) + " more (the CSV and JSON reports list all)"));
        }
        return new Block.Bullets(items);
    }

    private static void steps(Comparison c, List<Section> s) {
        if (c.steps().isEmpty()) {
            return;
        }
        List<List<Text>> rows = new ArrayList<>();
        for (StepSummary st : c.steps()) {
            rows.add(List.of(Text.of(String.valueOf(st.step())), Text.of(String.valueOf(st.entries())),
                    Text.of(String.valueOf(st.failed())), Text.of(Numbers.num(st.maxRelL2())), Text.code(st.worst())));
        }
        s.add(new Section("ODE steps", List.of(Table.of(List.of("step", "entries", "failed", "max rel L2", "worst"),
                rows))));
    }

    private static Section unmatched(Comparison c) {
        List<Text> items = new ArrayList<>();
        c.unmatchedCandidate().stream().limit(LIST).forEach(e -> items.add(Text.code(e.id().toString())
                .then(" " + e.shape())));
        c.suggestions().stream().limit(LIST).forEach(s -> items.add(Text.of("suggestion: ")
                .thenCode(s.candidate().toString()).then(" → ").thenCode(s.reference().toString())
                .then(" (" + s.reason() + ")")));
        return new Section("Unmatched candidate entries (" + c.unmatchedCandidate().size() + ")",
                List.of(new Block.Bullets(items)));
    }
}
