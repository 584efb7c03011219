package dev.parity.ui;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.Comparison;
import dev.parity.compare.TokenParity;
import dev.parity.compare.TraceComparator;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceReader;
import dev.parity.localize.Diagnosis;
import dev.parity.localize.Localizer;
import dev.parity.localize.ModuleVerdict;
import dev.parity.localize.NoiseFloor;
import dev.parity.report.ErrorChart;
import dev.parity.report.Report;
import dev.parity.report.ReportWriters;
import dev.parity.report.TokenReport;
import dev.parity.report.doc.Documents;
import dev.parity.workflow.DiagnoseService;
import dev.parity.workflow.DiagnosisDocuments;
import dev.parity.workflow.DiagnosisSentences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * The open session: reference and candidate traces, the comparison settings and the current comparison.
 * Loading and comparing run in the background with progress and cancel; every result arrives on the FX thread.
 */
public final class SessionViewModel {
    private final Background background;
    private final ReadOnlyObjectWrapper<Trace> reference = new ReadOnlyObjectWrapper<>(this, "reference");
    private final ReadOnlyObjectWrapper<Trace> candidate = new ReadOnlyObjectWrapper<>(this, "candidate");
    private final ReadOnlyObjectWrapper<Comparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyObjectWrapper<TokenParity> tokens =
            new ReadOnlyObjectWrapper<>(this, "tokens", TokenParity.none());
    private final ReadOnlyObjectWrapper<Map<EntryId, String>> verdicts =
            new ReadOnlyObjectWrapper<>(this, "verdicts", Map.of());
    private final ReadOnlyObjectWrapper<CompareSettings> settings =
            new ReadOnlyObjectWrapper<>(this, "settings", CompareSettings.DEFAULT);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Open a reference dump");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper backend = new ReadOnlyStringWrapper(this, "backend", "");
    private final ReadOnlyObjectWrapper<DiagnoseService.Outcome> diagnosis =
            new ReadOnlyObjectWrapper<>(this, "diagnosis");
    private final ReadOnlyStringWrapper diagnosisHeadline = new ReadOnlyStringWrapper(this, "diagnosisHeadline", "");
    private final ReadOnlyObjectWrapper<Path> floor = new ReadOnlyObjectWrapper<>(this, "floor");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private Task<?> task;

    public SessionViewModel(Background background) {
        this.background = background;
    }

    /** The backend check's note: which faulty kernel the last pipeline run routed around ("" when none). */
    public ReadOnlyStringProperty backendProperty() {
        return backend.getReadOnlyProperty();
    }

    /**
     * The last diagnosis of the open traces ({@link #diagnose()}) and how it was made, or null; cleared when a trace
     * opens or the traces are compared again.
     */
    public ReadOnlyObjectProperty<DiagnoseService.Outcome> diagnosisProperty() {
        return diagnosis.getReadOnlyProperty();
    }

    /** The diagnosis' one-line verdict: where the problem starts and what kind it looks like ("" without one). */
    public ReadOnlyStringProperty diagnosisHeadlineProperty() {
        return diagnosisHeadline.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Trace> referenceProperty() {
        return reference.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Trace> candidateProperty() {
        return candidate.getReadOnlyProperty();
    }

    /**
     * The localizer's verdict on each diverging output entry ("origin", "contains origin", "inherited"), from the
     * traces alone; empty without a candidate.
     */
    public ReadOnlyObjectProperty<Map<EntryId, String>> verdictsProperty() {
        return verdicts.getReadOnlyProperty();
    }

    /** The token-level view of a sampled run (T3), from the traces alone; empty for other traces. */
    public ReadOnlyObjectProperty<TokenParity> tokensProperty() {
        return tokens.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Comparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CompareSettings> settingsProperty() {
        return settings.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * The noise-floor trace {@link #diagnose()} measures per-entry tolerances from (a second reference run of the same
     * inputs, e.g. the float64 twin: {@code parity diagnose --tolerance-from}), or null; cleared when another
     * reference opens.
     */
    public ReadOnlyObjectProperty<Path> floorProperty() {
        return floor.getReadOnlyProperty();
    }

    /**
     * Sets (or, with null, clears) the noise-floor trace for the next diagnosis and clears the current one, which
     * was made without it. The trace is read and checked when the diagnosis runs.
     */
    public void setFloor(Path dir) {
        if (reference.get() == null) {
            error.set("Open a reference dump before its noise floor");
            return;
        }
        floor.set(dir);
        setDiagnosis(null);
        status.set(dir == null ? "No noise floor: the diagnosis uses the comparison's tolerances"
                : "Noise floor: " + dir + " (used by the next diagnosis)");
    }

    /** The last error, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** 0..1, or −1 while the amount of work is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Opens a reference dump and, when a candidate is open, compares again. */
    public void openReference(Path dir) {
        open(dir, candidate.get() == null ? null : candidate.get().dir());
    }

    /** Opens a candidate trace and compares it with the reference. */
    public void openCandidate(Path dir) {
        if (reference.get() == null) {
            error.set("Open a reference dump before a candidate");
            return;
        }
        open(reference.get().dir(), dir);
    }

    /**
     * Opens a reference and (when not null) a candidate; the reference entries show as soon as the manifests
     * are read, the comparison follows in a second background step.
     */
    public void open(Path ref, Path cand) {
        CompareOptions opts = settings.get().toOptions();
        start("Reading " + ref, p -> {
            p.update("Reading reference " + ref.getFileName(), -1);
            Trace r = TraceReader.read(ref);
            Trace c = null;
            if (cand != null) {
                p.update("Reading candidate " + cand.getFileName(), -1);
                c = TraceReader.read(cand);
            }
            return new Loaded(r, c, null, Map.of(), TokenParity.none());
        }, l -> {
            if (reference.get() == null || !reference.get().dir().equals(l.reference().dir())) {
                floor.set(null); // a floor belongs to its reference
            }
            reference.set(l.reference());
            candidate.set(l.candidate());
            comparison.set(null);
            setDiagnosis(null);
            verdicts.set(Map.of());
            status.set(l.reference().entries().size() + " reference entries");
            flagUnfinished(l.candidate());
            if (l.candidate() != null) {
                compare(opts);
            }
        });
    }

    /**
     * Runs the Java pipeline on the open reference dump (into a new temporary directory) and compares its trace
     * as the candidate. Progress names the stage and ODE step; {@link #cancel()} stops it.
     */
    public void runPipeline() {
        Trace r = reference.get();
        if (r == null) {
            error.set("Open a reference dump first");
            return;
        }
        int steps = (int) r.entries().stream().filter(e -> e.name().equals(CompareOptions.DEFAULT_STEP_MODULE)
                && e.kind() == dev.parity.io.EntryKind.OUT).count();
        start("Running the Java pipeline", p -> {
            Path out = Files.createTempDirectory("parity-java-run");
            String note = PipelineRun.backendCheck(r.dir(), p);
            Platform.runLater(() -> backend.set(note));
            return PipelineRun.run(r.dir(), out, r.entries().size(), Math.max(steps, 1), p);
        }, out -> open(r.dir(), out));
    }

    /**
     * Diagnoses the open traces through {@link DiagnoseService} with the session's mapping rules: where the error
     * is born and what kind it looks like. Without a candidate the Java pipeline runs on the reference, with its
     * stage swaps and the replay of the culprit (several runs). {@link #cancel()} stops waiting for it.
     */
    public void diagnose() {
        Trace r = reference.get();
        if (r == null) {
            error.set("Open a reference dump first");
            return;
        }
        Path cand = candidate.get() == null ? null : candidate.get().dir();
        Path floorDir = floor.get();
        CompareOptions opts;
        try {
            opts = settings.get().toOptions();
        } catch (IllegalArgumentException | dev.parity.io.FormatException e) {
            error.set(e.getMessage());
            return;
        }
        start("Diagnosing", p -> {
            p.update(cand == null ? "Diagnosing the Java pipeline run (with stage swaps and replay)"
                    : "Diagnosing " + cand.getFileName(), -1);
            return DiagnoseService.prepare(DiagnoseService.Request.of(r.dir(), cand, floorDir, opts.rules())).run();
        }, o -> {
            setDiagnosis(o);
            status.set("Diagnosed: " + o.title());
            if (!o.backendNotes().isEmpty()) {
                backend.set(o.backendNotes().stream().map(n -> "Backend: " + n)
                        .collect(java.util.stream.Collectors.joining("; ")));
            }
        });
    }

    private void setDiagnosis(DiagnoseService.Outcome o) {
        diagnosis.set(o);
        diagnosisHeadline.set(o == null ? "" : DiagnosisSentences.headline(o.diagnosis()));
    }

    /**
     * Writes the last diagnosis' report, as {@code parity diagnose --report} does; the format follows the extension
     * (.md .html .json).
     */
    public void exportDiagnosis(Path file) {
        DiagnoseService.Outcome o = diagnosis.get();
        if (o == null) {
            error.set("Nothing to export: diagnose first");
            return;
        }
        Documents.Format format;
        try {
            format = Documents.formatOf(file);
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        background.submit(() -> {
            Documents.write(DiagnosisDocuments.report(o.diagnosis(), o.title()), format, file);
            return file;
        }, f -> status.set("Diagnosis written: " + f), t -> error.set(Background.describe(t)));
    }

    /** Applies new mapping rules and tolerances and compares again. */
    public void applySettings(CompareSettings s) {
        CompareOptions opts;
        try {
            opts = s.toOptions();
        } catch (IllegalArgumentException | dev.parity.io.FormatException e) {
            error.set(e.getMessage());
            return;
        }
        settings.set(s);
        if (reference.get() != null && candidate.get() != null) {
            compare(opts);
        }
    }

    private void compare(CompareOptions opts) {
        Trace r = reference.get();
        Trace c = candidate.get();
        start("Comparing", p -> loaded(p, r, c, opts), this::loaded);
    }

    /** Shows a problem found by a view before anything reached the session (e.g. a field that is not a number). */
    public void reportError(String message) {
        error.set(message);
    }

    /** Shows a note in the status line (e.g. a file a view wrote). */
    public void reportStatus(String message) {
        status.set(message);
    }

    /** Stops the running load or comparison; the previous state stays. */
    public void cancel() {
        if (task != null && task.isRunning()) {
            task.cancel(true);
            busy.set(false);
            progress.set(0);
            status.set("Cancelled");
        }
    }

    /** Writes the current comparison's report; the format follows the extension (.html .md .json .csv .xml). */
    public void exportReport(Path file) {
        Comparison c = comparison.get();
        if (c == null) {
            error.set("Nothing to export: open a candidate first");
            return;
        }
        Report report = new Report(title(c), Instant.now(), c, tokens.get());
        background.submit(() -> {
            ReportWriters.write(report, file);
            return file;
        }, f -> status.set("Report written: " + f), t -> error.set(Background.describe(t)));
    }

    /** Writes the divergence chart (as the report draws it) to a PNG file. */
    public void exportChartPng(Path file, int width, int height) {
        Comparison c = comparison.get();
        if (c == null) {
            error.set("Nothing to export: open a candidate first");
            return;
        }
        background.submit(() -> Files.write(file, ErrorChart.png(ErrorChart.create(c), width, height)),
                f -> status.set("Chart written: " + f), t -> error.set(Background.describe(t)));
    }

    private static String title(Comparison c) {
        return c.reference().getFileName() + " vs " + c.candidate().getFileName();
    }

    private static Comparison compare(Background.Progress p, Trace r, Trace c, CompareOptions opts) {
        p.update("Comparing " + r.entries().size() + " entries", -1);
        return TraceComparator.compare(r, c, opts);
    }

    private record Loaded(Trace reference, Trace candidate, Comparison comparison, Map<EntryId, String> verdicts,
                          TokenParity tokens) {
    }

    /** Compares and judges every diverging module call (background work). */
    private static Loaded loaded(Background.Progress p, Trace r, Trace c, CompareOptions opts) {
        Comparison cmp = compare(p, r, c, opts);
        p.update("Localizing the divergence", -1);
        return new Loaded(r, c, cmp, verdicts(r, c, cmp, opts), TokenParity.of(r, c, cmp));
    }

    /** Verdict labels keyed by the output entries of each diverging module call. */
    static Map<EntryId, String> verdicts(Trace r, Trace c, Comparison cmp, CompareOptions opts) {
        if (cmp.firstDivergence() == null) {
            return Map.of();
        }
        Diagnosis d = new Localizer(opts, NoiseFloor.none()).diagnose(r, c, cmp);
        Map<EntryId, String> out = new HashMap<>();
        for (ModuleVerdict v : d.verdicts()) {
            String label = v.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            for (int i : v.call().outs()) {
                out.put(r.entries().get(i).id(), label);
            }
        }
        return out;
    }

    private void loaded(Loaded l) {
        setDiagnosis(null);
        reference.set(l.reference());
        candidate.set(l.candidate());
        comparison.set(l.comparison());
        verdicts.set(l.verdicts() == null ? Map.of() : l.verdicts());
        tokens.set(l.tokens() == null ? TokenParity.none() : l.tokens());
        Comparison c = l.comparison();
        status.set(c == null ? l.reference().entries().size() + " reference entries"
                : c.passed() + " passed, " + c.failed() + " failed, " + c.missing() + " missing"
                + (c.firstDivergence() == null ? "" : "; first divergence: " + c.firstDivergence().reference().id())
                + (tokens.get().isEmpty() ? "" : "; " + TokenReport.brief(tokens.get())));
        flagUnfinished(l.candidate());
    }

    /** An unfinished candidate (an interrupted run) is shown as an error: its missing tail is not a pass. */
    private void flagUnfinished(Trace cand) {
        if (cand != null && !cand.finished()) {
            error.set("UNFINISHED candidate trace: " + cand.progress() + ". Entries it lacks count as missing.");
        }
    }

    private <T> void start(String what, Background.Work<T> work, java.util.function.Consumer<T> done) {
        cancel();
        error.set("");
        busy.set(true);
        status.set(what);
        Task<T> t = background.submit(work, v -> {
            busy.set(false);
            progress.set(0);
            done.accept(v);
        }, ex -> {
            busy.set(false);
            progress.set(0);
            status.set("Failed");
            error.set(Background.describe(ex));
        });
        t.messageProperty().addListener((o, a, m) -> status.set(m));
        t.progressProperty().addListener((o, a, v) -> progress.set(v.doubleValue()));
        task = t;
    }
}
