package dev.parity.workflow;

import dev.parity.localize.AudioCheck;
import dev.parity.localize.Birth;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.GuidanceCheck;
import dev.parity.localize.GuidanceStep;
import dev.parity.localize.MelStats;
import dev.parity.localize.NoiseFloor;
import dev.parity.localize.ModuleVerdict;
import dev.parity.localize.Replay;
import dev.parity.localize.ReplayResult;
import dev.parity.localize.StageRow;
import dev.parity.localize.StepMatrix;
import dev.parity.localize.Verdict;
import dev.parity.localize.WavStats;
import dev.parity.report.Numbers;
import dev.parity.report.TokenReport;
import dev.parity.report.doc.Block;
import dev.parity.report.doc.Document;
import dev.parity.report.doc.Section;
import dev.parity.report.doc.Table;
import dev.parity.report.doc.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A diagnosis as a {@link Document}: the report (Markdown, HTML, and JSON through its data, {@link DiagnosisJson})
 * and the terminal summary that {@code parity diagnose} prints.
 */
public final class DiagnosisDocuments {
    private static final int INHERITED_SHOWN = 15;
    private static final int MISSING_SHOWN = 50;
    private static final String TOKENS = "Per step: both sides' tokens, the candidate's own argmax(p/q) under the "
            + "reference's noise, the logits' error, KL(p_ref ‖ p_cand), the reference's margin to its runner-up and "
            + "both top-3 lists; then the largest rel L2 per forward pass and layer.";

    private DiagnosisDocuments() {
    }

    /** The report: the headline, then summary, verdicts, stages, stage swaps, replay, tokens, ODE views, audio. */
    public static Document report(Diagnosis d, String title) {
        return new Document(title, Text.of(DiagnosisSentences.headline(d)), !d.diverged(), sections(d), null,
                DiagnosisJson.tree(d, title));
    }

    /**
     * What {@code parity diagnose} prints: the headline, the token line, the counts, where the error was born, the
     * origins and a failed CFG check.
     */
    public static Document summary(Diagnosis d) {
        List<Block> b = new ArrayList<>();
        String headline = DiagnosisSentences.headline(d);
        b.add(new Block.Paragraph(Text.of(headline)));
        String tokens = d.tokens().isEmpty() ? "" : TokenReport.headline(d.tokens());
        if (!tokens.isEmpty() && !headline.contains(tokens)) {
            b.add(new Block.Paragraph(Text.of(tokens)));
        }
        var c = d.comparison();
        b.add(new Block.Paragraph(Text.of(c.aligned() + " aligned, " + c.passed() + " passed, " + c.failed()
                + " diverged, " + c.missing() + " missing; " + d.count(Verdict.ORIGIN) + " origin(s), "
                + d.count(Verdict.INHERITED) + " inherited module call(s)" + (d.floorEntries() > 0
                ? "; noise floor on " + d.floorEntries() + " entries" : ""))));
        List<Text> found = new ArrayList<>();
        if (d.earlierBirth() != null) {
            Birth birth = d.earlierBirth();
            found.add(Text.of("born: " + birth.culprit().module() + " (call " + birth.culprit().call() + "), found by "
                    + (birth.basis() == Birth.Basis.FLOAT64_RUN ? "the float64 re-run"
                    : "its error over " + Numbers.brief(NoiseFloor.K_ORIGIN) + "× the noise floor")));
        }
        d.origins().forEach(v -> found.add(Text.of("origin: ").thenCode(v.call().label()).then(" worst ")
                .thenCode(v.worstOut().reference().id().toString())));
        if (!found.isEmpty()) {
            b.add(new Block.Bullets(found));
        }
        if (!d.candGuidance().consistent()) {
            b.add(new Block.Paragraph(Text.of("CFG check: the candidate's Euler updates do not follow 1.7·v_c − 0.7·v_u"
                    + " of its recorded velocities (max residual " + Numbers.brief(d.candGuidance().maxResidual())
                    + ")")));
        }
        return new Document(null, null, !d.diverged(), List.of(new Section(null, b)), null);
    }

    private static List<Section> sections(Diagnosis d) {
        List<Section> s = new ArrayList<>();
        s.add(summarySection(d));
        s.add(verdicts(d));
        s.add(stages(d));
        if (!d.stageSwaps().isEmpty()) {
            s.add(stageSwaps(d));
        }
        if (!d.replays().isEmpty()) {
            s.add(replays(d));
        }
        if (!d.tokens().isEmpty()) {
            s.add(TokenReport.section(d.tokens(), TOKENS));
        }
        if (!d.steps().steps().isEmpty() || !d.refGuidance().steps().isEmpty()) {
            s.add(steps(d)); // the ODE views: absent for a model without the flow-matching decoder (T3)
            s.add(guidance(d));
        }
        s.add(audio(d));
        return s;
    }

    private static Section summarySection(Diagnosis d) {
        var c = d.comparison();
        List<String> p = new ArrayList<>();
        p.add("Reference: `" + c.reference() + "` (" + c.referenceEntries() + " entries); candidate: `"
                + c.candidate() + "` (" + c.candidateEntries() + " entries).");
        p.add(c.aligned() + " aligned, " + c.passed() + " passed, " + c.failed() + " diverged, " + c.missing()
                + " missing in the candidate.");
        p.add(d.floorEntries() > 0 ? "Tolerances from the noise floor (" + d.floorEntries() + " entries): rel L2 ≤ "
                + "10 × the floor's spread per entry, at least 1e-6." : "Tolerance: " + c.options().policy().base()
                + " (no noise floor given).");
        if (c.firstDivergence() != null) {
            p.add("First divergence: `" + c.firstDivergence().reference().id() + "` (entry "
                    + c.firstDivergence().reference().index() + ").");
        }
        var missing = c.missingResults();
        if (!missing.isEmpty()) {
            p.add("Missing in the candidate: " + missing.size() + " reference entries, each a failure unless "
                    + "--allow-missing or --only excuses it. " + String.join(", ", missing.stream()
                    .limit(MISSING_SHOWN).map(r -> "`" + r.reference().id() + "`").toList())
                    + (missing.size() > MISSING_SHOWN ? " and " + (missing.size() - MISSING_SHOWN) + " more." : "."));
        }
        return section("Summary", p, List.of());
    }

    private static Section verdicts(Diagnosis d) {
        List<String> p = List.of(d.count(Verdict.ORIGIN) + " origin(s), " + d.count(Verdict.CONTAINS_ORIGIN)
                + " enclosing call(s), " + d.count(Verdict.INHERITED) + " inherited module call(s).");
        List<ModuleVerdict> shown = new ArrayList<>(d.verdicts().stream().filter(v -> v.verdict() != Verdict.INHERITED)
                .toList());
        d.verdicts().stream().filter(v -> v.verdict() == Verdict.INHERITED).limit(INHERITED_SHOWN).forEach(shown::add);
        List<List<String>> rows = shown.stream().map(DiagnosisDocuments::verdictRow).toList();
        return section("Module verdicts", p, List.of(Table.ofStrings(List.of("module call", "verdict",
                "worst output", "rel L2", "× floor", "inputs compared"), rows)));
    }

    private static List<String> verdictRow(ModuleVerdict v) {
        var m = v.worstOut().metrics();
        return List.of(v.call().label(), v.verdict().name().toLowerCase(java.util.Locale.ROOT),
                v.worstOut().reference().id().toString(), m == null ? "shape" : Numbers.brief(m.relL2()),
                Numbers.brief(v.floorRatio()), v.inputsRecorded() ? "yes" : "no");
    }

    private static Section stages(Diagnosis d) {
        List<List<String>> rows = d.stages().stream().map(DiagnosisDocuments::stageRow).toList();
        return section("Stage view", List.of("Each stage's recorded inputs and outputs (call 0) against the "
                + "reference."),
                List.of(Table.ofStrings(List.of("stage", "inputs rel L2", "outputs rel L2", "verdict"), rows)));
    }

    private static Section replays(Diagnosis d) {
        List<ReplayResult> failed = d.replays().stream().filter(Replay::diverged).toList();
        List<String> local = Replay.innermost(failed);
        long skipped = d.replays().stream().filter(r -> r.status() == ReplayResult.Status.NOT_REPLAYABLE).count();
        String p = d.replays().size() + " module call(s) in the culprit replayed alone on reference inputs ("
                + skipped + " not replayable: arguments not recorded): " + failed.size() + " failed"
                + (local.isEmpty() ? " — no module of the Java port is wrong on its own "
                + "inputs here (the error lives between modules, e.g. in a plain method)."
                : "; innermost failing (local errors): " + String.join(", ", local) + ".");
        List<List<String>> rows = failed.stream()
                .map(r -> List.of(r.module() + " (call " + r.call() + ")", r.status().name().toLowerCase(
                        java.util.Locale.ROOT), r.metrics() == null ? "n/a" : Numbers.brief(r.metrics().relL2()),
                        Numbers.brief(r.floorRatio()), r.note() == null ? "" : r.note())).toList();
        return section("Replay of the culprit", List.of(p), rows.isEmpty() ? List.of() : List.of(Table.ofStrings(
                List.of("module call", "status", "rel L2", "× floor", "note"), rows)));
    }

    private static Section stageSwaps(Diagnosis d) {
        List<List<String>> rows = d.stageSwaps().stream().map(r -> List.of(r.boundary() + (r.fedModule() == null
                ? "" : " (" + r.fedModule() + " call 0 out)"), Numbers.brief(r.melRelL2()), Numbers.brief(r.wavRelL2()),
                r.culprit() == null ? "no divergence" : r.culprit())).toList();
        return section("Stage swaps", List.of("The Java pipeline run again with one stage boundary's output "
                + "taken from the reference. An error born upstream of a boundary leaves the end results once that "
                + "boundary is fed; one born downstream stays."), List.of(Table.ofStrings(List.of("fed from the reference",
                "final.mel rel L2", "final.wav rel L2", "that run's culprit"), rows)));
    }

    private static List<String> stageRow(StageRow r) {
        String v = !r.diverged() ? "matches" : r.inputsDiverged() ? "inherited" : "origin (inputs match)";
        return List.of(r.module(), Numbers.brief(r.inRelL2()), Numbers.brief(r.outRelL2()), v);
    }

    private static Section steps(Diagnosis d) {
        StepMatrix m = d.steps();
        List<Table> tables = new ArrayList<>(List.of(matrix(m, m.cells())));
        List<String> p = new ArrayList<>(List.of("Largest relative L2 error per estimator call (step) and part of "
                + "the estimator; n/a where the reference recorded nothing."));
        if (d.floorEntries() > 0) {
            p.add("Second table: the same cells as multiples of the noise floor (float32 rounding ≈ 1).");
            tables.add(matrix(m, m.floorRatios()));
        }
        return section("ODE step × module (rel L2)", p, tables);
    }

    private static Table matrix(StepMatrix m, List<List<Double>> cells) {
        List<String> header = new ArrayList<>(List.of("step"));
        header.addAll(m.columns());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m.steps().size(); i++) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(m.steps().get(i))));
            cells.get(i).forEach(v -> row.add(Numbers.brief(v)));
            rows.add(row);
        }
        return Table.ofStrings(header, rows);
    }

    private static Section guidance(Diagnosis d) {
        GuidanceCheck r = d.refGuidance();
        GuidanceCheck c = d.candGuidance();
        List<List<String>> rows = new ArrayList<>();
        for (GuidanceStep s : r.steps()) {
            GuidanceStep k = c.steps().stream().filter(x -> x.step() == s.step()).findFirst().orElse(null);
            rows.add(List.of(String.valueOf(s.step()), Numbers.brief(s.t()), Numbers.brief(s.dt()), Numbers.brief(s.residual()),
                    Numbers.brief(s.fittedW()), k == null ? "n/a" : Numbers.brief(k.residual()), k == null ? "n/a" : Numbers.brief(k.fittedW())));
        }
        String verdict = "Euler update vs (1+w)·v_c − w·v_u with w = " + r.w() + ": reference "
                + (r.consistent() ? "consistent" : "INCONSISTENT") + " (max residual " + Numbers.brief(r.maxResidual())
                + "), candidate " + (c.consistent() ? "consistent" : "INCONSISTENT") + " (max residual "
                + Numbers.brief(c.maxResidual()) + ").";
        return section("Guidance (CFG) check", List.of(verdict), List.of(Table.ofStrings(List.of("step", "t", "dt",
                "ref residual", "ref fitted w", "cand residual", "cand fitted w"), rows)));
    }

    private static Section audio(Diagnosis d) {
        AudioCheck a = d.audio();
        List<List<String>> rows = new ArrayList<>();
        if (a.refMel() != null) {
            melRows(rows, a.refMel(), a.candMel());
            rows.add(List.of("log-mel cosine to the reference", "", Numbers.brief(a.logMelCosine())));
            rows.add(List.of("log-mel rel L2", "", Numbers.brief(a.melRelL2())));
            rows.add(List.of("frame lag (+ = candidate late)", "", String.valueOf(a.melLagFrames())));
            rows.add(List.of("per-band rel L2 (10 ch each, low→high)", "",
                    String.join(" ", a.bandRelL2().stream().map(Numbers::brief).toList())));
        }
        if (a.refWav() != null) {
            wavRows(rows, a.refWav(), a.candWav());
            rows.add(List.of("RMS ratio", "", Numbers.brief(a.rmsRatioDb()) + " dB"));
        }
        String p = rows.isEmpty() ? "No final.mel / final.wav on both sides." : "final.mel and final.wav.";
        return section("Audio-level checks", List.of(p), rows.isEmpty() ? List.of()
                : List.of(Table.ofStrings(List.of("figure", "reference", "candidate"), rows)));
    }

    private static void melRows(List<List<String>> rows, MelStats r, MelStats c) {
        row(rows, "mel frames / seconds", r, c, s -> s.frames() + " / " + Numbers.brief(s.seconds()));
        row(rows, "mel range", r, c, s -> "[" + Numbers.brief(s.min()) + ", " + Numbers.brief(s.max()) + "]");
        row(rows, "mel mean", r, c, s -> Numbers.brief(s.mean()));
        row(rows, "mel positive fraction", r, c, s -> Numbers.briefPct(s.positiveFraction()));
        row(rows, "channel-mean profile (ch 0, 20, 40, 60, 79)", r, c, DiagnosisDocuments::profile);
    }

    private static String profile(MelStats s) {
        List<Double> m = s.channelMeans();
        return List.of(0, 20, 40, 60, m.size() - 1).stream().filter(i -> i >= 0 && i < m.size())
                .map(i -> Numbers.brief(m.get(i))).reduce((x, y) -> x + " " + y).orElse("");
    }

    private static void wavRows(List<List<String>> rows, WavStats r, WavStats c) {
        row(rows, "wav samples / seconds", r, c, s -> s.samples() + " / " + Numbers.brief(s.seconds()));
        row(rows, "wav RMS / peak", r, c, s -> Numbers.brief(s.rms()) + " / " + Numbers.brief(s.peak()));
        row(rows, "energy above 4 kHz", r, c, s -> Numbers.briefPct(s.highFreqShare()));
    }

    private static <T> void row(List<List<String>> rows, String name, T r, T c, Function<T, String> f) {
        rows.add(List.of(name, f.apply(r), f.apply(c)));
    }

    private static Section section(String title, List<String> paragraphs, List<Table> tables) {
        List<Block> blocks = new ArrayList<>();
        paragraphs.forEach(p -> blocks.add(new Block.Paragraph(prose(p))));
        blocks.addAll(tables);
        return new Section(title, blocks);
    }

    /** Prose in which each `backticked` name becomes a code span. */
    static Text prose(String s) {
        String[] parts = s.split("`", -1);
        Text t = Text.of(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            t = i % 2 == 1 ? t.thenCode(parts[i]) : t.then(parts[i]);
        }
        return t;
    }
}
