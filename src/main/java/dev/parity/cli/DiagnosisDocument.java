package dev.parity.cli;

import dev.parity.compare.TokenParity;
import dev.parity.localize.AudioCheck;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.GuidanceCheck;
import dev.parity.localize.GuidanceStep;
import dev.parity.localize.MelStats;
import dev.parity.localize.ModuleVerdict;
import dev.parity.localize.Replay;
import dev.parity.localize.ReplayResult;
import dev.parity.localize.StageRow;
import dev.parity.localize.StepMatrix;
import dev.parity.localize.Verdict;
import dev.parity.localize.WavStats;
import dev.parity.report.TokenReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A diagnosis as sections of paragraphs and tables, rendered by {@link DiagnosisWriters} to Markdown or HTML. */
final class DiagnosisDocument {
    private static final int INHERITED_SHOWN = 15;
    private static final int MISSING_SHOWN = 50;

    record Table(List<String> header, List<List<String>> rows) {
    }

    record Section(String title, List<String> paragraphs, List<Table> tables) {
    }

    private DiagnosisDocument() {
    }

    static List<Section> of(Diagnosis d) {
        List<Section> s = new ArrayList<>();
        s.add(summary(d));
        s.add(verdicts(d));
        s.add(stages(d));
        if (!d.stageSwaps().isEmpty()) {
            s.add(stageSwaps(d));
        }
        if (!d.replays().isEmpty()) {
            s.add(replays(d));
        }
        if (!d.tokens().isEmpty()) {
            s.add(tokens(d));
        }
        if (!d.steps().steps().isEmpty() || !d.refGuidance().steps().isEmpty()) {
            s.add(steps(d)); // the ODE views: absent for a model without the flow-matching decoder (T3)
            s.add(guidance(d));
        }
        s.add(audio(d));
        return s;
    }

    private static Section summary(Diagnosis d) {
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
        return new Section("Summary", p, List.of());
    }

    private static Section verdicts(Diagnosis d) {
        List<String> p = List.of(d.count(Verdict.ORIGIN) + " origin(s), " + d.count(Verdict.CONTAINS_ORIGIN)
                + " enclosing call(s), " + d.count(Verdict.INHERITED) + " inherited module call(s).");
        List<ModuleVerdict> shown = new ArrayList<>(d.verdicts().stream().filter(v -> v.verdict() != Verdict.INHERITED)
                .toList());
        d.verdicts().stream().filter(v -> v.verdict() == Verdict.INHERITED).limit(INHERITED_SHOWN).forEach(shown::add);
        List<List<String>> rows = shown.stream().map(DiagnosisDocument::verdictRow).toList();
        return new Section("Module verdicts", p, List.of(new Table(List.of("module call", "verdict",
                "worst output", "rel L2", "× floor", "inputs compared"), rows)));
    }

    private static List<String> verdictRow(ModuleVerdict v) {
        var m = v.worstOut().metrics();
        return List.of(v.call().label(), v.verdict().name().toLowerCase(java.util.Locale.ROOT),
                v.worstOut().reference().id().toString(), m == null ? "shape" : Num.g(m.relL2()),
                Num.g(v.floorRatio()), v.inputsRecorded() ? "yes" : "no");
    }

    private static Section stages(Diagnosis d) {
        List<List<String>> rows = d.stages().stream().map(DiagnosisDocument::stageRow).toList();
        return new Section("Stage view", List.of("Each stage's recorded inputs and outputs (call 0) against the "
                + "reference."),
                List.of(new Table(List.of("stage", "inputs rel L2", "outputs rel L2", "verdict"), rows)));
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
                        java.util.Locale.ROOT), r.metrics() == null ? "n/a" : Num.g(r.metrics().relL2()),
                        Num.g(r.floorRatio()), r.note() == null ? "" : r.note())).toList();
        return new Section("Replay of the culprit", List.of(p), rows.isEmpty() ? List.of() : List.of(new Table(
                List.of("module call", "status", "rel L2", "× floor", "note"), rows)));
    }

    private static Section stageSwaps(Diagnosis d) {
        List<List<String>> rows = d.stageSwaps().stream().map(r -> List.of(r.boundary() + (r.fedModule() == null
                ? "" : " (" + r.fedModule() + " call 0 out)"), Num.g(r.melRelL2()), Num.g(r.wavRelL2()),
                r.culprit() == null ? "no divergence" : r.culprit())).toList();
        return new Section("Stage swaps", List.of("The Java pipeline run again with one stage boundary's output "
                + "taken from the reference. An error born upstream of a boundary leaves the end results once that "
                + "boundary is fed; one born downstream stays."), List.of(new Table(List.of("fed from the reference",
                "final.mel rel L2", "final.wav rel L2", "that run's culprit"), rows)));
    }

    private static List<String> stageRow(StageRow r) {
        String v = !r.diverged() ? "matches" : r.inputsDiverged() ? "inherited" : "origin (inputs match)";
        return List.of(r.module(), Num.g(r.inRelL2()), Num.g(r.outRelL2()), v);
    }

    private static Section tokens(Diagnosis d) {
        TokenParity t = d.tokens();
        return new Section("Sampled tokens", List.of(TokenReport.headline(t), "Per step: both sides' tokens, the "
                + "candidate's own argmax(p/q) under the reference's noise, the logits' error, KL(p_ref ‖ p_cand), the "
                + "reference's margin to its runner-up and both top-3 lists; then the largest rel L2 per forward pass "
                + "and layer."), List.of(new Table(TokenReport.stepHeader(), TokenReport.stepRows(t)),
                new Table(TokenReport.matrixHeader(t.matrix()), TokenReport.matrixRows(t.matrix()))));
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
        return new Section("ODE step × module (rel L2)", p, tables);
    }

    private static Table matrix(StepMatrix m, List<List<Double>> cells) {
        List<String> header = new ArrayList<>(List.of("step"));
        header.addAll(m.columns());
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m.steps().size(); i++) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(m.steps().get(i))));
            cells.get(i).forEach(v -> row.add(Num.g(v)));
            rows.add(row);
        }
        return new Table(header, rows);
    }

    private static Section guidance(Diagnosis d) {
        GuidanceCheck r = d.refGuidance();
        GuidanceCheck c = d.candGuidance();
        List<List<String>> rows = new ArrayList<>();
        for (GuidanceStep s : r.steps()) {
            GuidanceStep k = c.steps().stream().filter(x -> x.step() == s.step()).findFirst().orElse(null);
            rows.add(List.of(String.valueOf(s.step()), Num.g(s.t()), Num.g(s.dt()), Num.g(s.residual()),
                    Num.g(s.fittedW()), k == null ? "n/a" : Num.g(k.residual()), k == null ? "n/a" : Num.g(k.fittedW())));
        }
        String verdict = "Euler update vs (1+w)·v_c − w·v_u with w = " + r.w() + ": reference "
                + (r.consistent() ? "consistent" : "INCONSISTENT") + " (max residual " + Num.g(r.maxResidual())
                + "), candidate " + (c.consistent() ? "consistent" : "INCONSISTENT") + " (max residual "
                + Num.g(c.maxResidual()) + ").";
        return new Section("Guidance (CFG) check", List.of(verdict), List.of(new Table(List.of("step", "t", "dt",
                "ref residual", "ref fitted w", "cand residual", "cand fitted w"), rows)));
    }

    private static Section audio(Diagnosis d) {
        AudioCheck a = d.audio();
        List<List<String>> rows = new ArrayList<>();
        if (a.refMel() != null) {
            melRows(rows, a.refMel(), a.candMel());
            rows.add(List.of("log-mel cosine to the reference", "", Num.g(a.logMelCosine())));
            rows.add(List.of("log-mel rel L2", "", Num.g(a.melRelL2())));
            rows.add(List.of("frame lag (+ = candidate late)", "", String.valueOf(a.melLagFrames())));
            rows.add(List.of("per-band rel L2 (10 ch each, low→high)", "",
                    String.join(" ", a.bandRelL2().stream().map(Num::g).toList())));
        }
        if (a.refWav() != null) {
            wavRows(rows, a.refWav(), a.candWav());
            rows.add(List.of("RMS ratio", "", Num.g(a.rmsRatioDb()) + " dB"));
        }
        String p = rows.isEmpty() ? "No final.mel / final.wav on both sides." : "final.mel and final.wav.";
        return new Section("Audio-level checks", List.of(p), rows.isEmpty() ? List.of()
                : List.of(new Table(List.of("figure", "reference", "candidate"), rows)));
    }

    private static void melRows(List<List<String>> rows, MelStats r, MelStats c) {
        row(rows, "mel frames / seconds", r, c, s -> s.frames() + " / " + Num.g(s.seconds()));
        row(rows, "mel range", r, c, s -> "[" + Num.g(s.min()) + ", " + Num.g(s.max()) + "]");
        row(rows, "mel mean", r, c, s -> Num.g(s.mean()));
        row(rows, "mel positive fraction", r, c, s -> Num.pct(s.positiveFraction()));
        row(rows, "channel-mean profile (ch 0, 20, 40, 60, 79)", r, c, DiagnosisDocument::profile);
    }

    private static String profile(MelStats s) {
        List<Double> m = s.channelMeans();
        return List.of(0, 20, 40, 60, m.size() - 1).stream().filter(i -> i >= 0 && i < m.size())
                .map(i -> Num.g(m.get(i))).reduce((x, y) -> x + " " + y).orElse("");
    }

    private static void wavRows(List<List<String>> rows, WavStats r, WavStats c) {
        row(rows, "wav samples / seconds", r, c, s -> s.samples() + " / " + Num.g(s.seconds()));
        row(rows, "wav RMS / peak", r, c, s -> Num.g(s.rms()) + " / " + Num.g(s.peak()));
        row(rows, "energy above 4 kHz", r, c, s -> Num.pct(s.highFreqShare()));
    }

    private static <T> void row(List<List<String>> rows, String name, T r, T c, Function<T, String> f) {
        rows.add(List.of(name, f.apply(r), f.apply(c)));
    }
}
