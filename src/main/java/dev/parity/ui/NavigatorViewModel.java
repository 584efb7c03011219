package dev.parity.ui;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.compare.EntryStatus;
import dev.parity.compare.Metrics;
import dev.parity.compare.MetricsCalculator;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;

/**
 * The layer navigator: the reference entries in execution order (or grouped by ODE step or CFG branch) with
 * their comparison status, a name filter, the selected row and the stepping commands the keyboard triggers.
 */
public final class NavigatorViewModel {
    private final SessionViewModel session;
    private final Background background;
    private final ObservableList<NavRow> source = FXCollections.observableArrayList();
    private final FilteredList<NavRow> visible = new FilteredList<>(source, r -> true);
    private final ObservableList<NavRow> visibleReadOnly = FXCollections.unmodifiableObservableList(visible);
    private final ReadOnlyObjectWrapper<NavRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<Grouping> grouping =
            new ReadOnlyObjectWrapper<>(this, "grouping", Grouping.EXECUTION);
    private final ReadOnlyStringWrapper filter = new ReadOnlyStringWrapper(this, "filter", "");
    private final ReadOnlyBooleanWrapper divergentOnly = new ReadOnlyBooleanWrapper(this, "divergentOnly");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<Map<EntryId, String>> verdicts =
            new ReadOnlyObjectWrapper<>(this, "verdicts", Map.of());
    private Task<?> branchTask;

    public NavigatorViewModel(SessionViewModel session, Background background) {
        this.session = session;
        this.background = background;
        session.referenceProperty().addListener(o -> rebuild());
        session.comparisonProperty().addListener(o -> rebuild());
        session.verdictsProperty().addListener((o, was, now) -> setVerdicts(now));
    }

    /** The rows that pass the filter, in display order. */
    public ObservableList<NavRow> rows() {
        return visibleReadOnly;
    }

    /** Every row regardless of the filter, in display order. */
    public List<NavRow> allRows() {
        return List.copyOf(source);
    }

    public ReadOnlyObjectProperty<NavRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Grouping> groupingProperty() {
        return grouping.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty filterProperty() {
        return filter.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty divergentOnlyProperty() {
        return divergentOnly.getReadOnlyProperty();
    }

    /** True while branch metrics are being measured. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** A note for the user about the last command ("no divergence", ...), or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Verdicts per entry (from localization), shown in their own column. */
    public ReadOnlyObjectProperty<Map<EntryId, String>> verdictsProperty() {
        return verdicts.getReadOnlyProperty();
    }

    public void setVerdicts(Map<EntryId, String> v) {
        verdicts.set(Map.copyOf(v));
    }

    public void setFilter(String text) {
        filter.set(text == null ? "" : text);
        refilter();
    }

    public void setDivergentOnly(boolean on) {
        divergentOnly.set(on);
        refilter();
    }

    public void setGrouping(Grouping g) {
        if (g != grouping.get()) {
            grouping.set(g);
            rebuild();
        }
    }

    public void select(NavRow row) {
        selected.set(row);
        message.set("");
    }

    /** Selects the first visible row of the reference entry at execution index {@code index}. */
    public void selectEntry(int index) {
        NavRow r = find(visible, index);
        if (r == null && find(source, index) != null) {
            setFilter("");
            setDivergentOnly(false);
            r = find(visible, index);
        }
        if (r != null) {
            select(r);
        }
    }

    /** Selects the measured entry whose execution index is nearest to {@code x} (a chart click). */
    public void selectNearest(double x) {
        NavRow best = null;
        for (NavRow r : source) {
            if (r.metrics() != null && (best == null
                    || Math.abs(r.entry().index() - x) < Math.abs(best.entry().index() - x))) {
                best = r;
            }
        }
        if (best != null) {
            selectEntry(best.entry().index());
        }
    }

    public void next() {
        step(+1);
    }

    public void previous() {
        step(-1);
    }

    /** The next diverging row after the selection (in display order). */
    public void nextDivergence() {
        int from = visible.indexOf(selected.get()) + 1;
        for (int i = from; i < visible.size(); i++) {
            if (visible.get(i).diverged()) {
                select(visible.get(i));
                return;
            }
        }
        message.set("No further divergence");
    }

    /** The comparison's first divergence (the earliest failing entry in execution order). */
    public void firstDivergence() {
        Comparison c = session.comparisonProperty().get();
        if (c == null || c.firstDivergence() == null) {
            message.set(c == null ? "Open a candidate to find divergences" : "No divergence: every entry passed");
            return;
        }
        selectEntry(c.firstDivergence().reference().index());
    }

    private void step(int delta) {
        if (visible.isEmpty()) {
            return;
        }
        int i = visible.indexOf(selected.get());
        int j = i < 0 ? 0 : Math.max(0, Math.min(visible.size() - 1, i + delta));
        select(visible.get(j));
    }

    private static NavRow find(List<NavRow> rows, int index) {
        for (NavRow r : rows) {
            if (r.entry().index() == index) {
                return r;
            }
        }
        return null;
    }

    private void refilter() {
        String f = filter.get().toLowerCase(Locale.ROOT);
        boolean div = divergentOnly.get();
        visible.setPredicate(r -> (f.isEmpty() || r.entry().name().toLowerCase(Locale.ROOT).contains(f))
                && (!div || r.diverged()));
    }

    private void rebuild() {
        if (branchTask != null) {
            branchTask.cancel(true);
            busy.set(false);
        }
        Trace ref = session.referenceProperty().get();
        Comparison c = session.comparisonProperty().get();
        NavRow keep = selected.get();
        if (ref == null) {
            source.clear();
            select(null);
        } else if (grouping.get() == Grouping.CFG_BRANCH && c != null) {
            Trace cand = session.candidateProperty().get();
            busy.set(true);
            message.set("Measuring CFG branches ...");
            branchTask = background.submit(p -> branchRows(ref, cand, c, p), rows -> {
                busy.set(false);
                message.set("");
                setRows(rows, keep);
            }, t -> {
                busy.set(false);
                message.set(Background.describe(t));
            });
        } else {
            setRows(rows(ref, c, grouping.get()), keep);
        }
    }

    private void setRows(List<NavRow> rows, NavRow keep) {
        source.setAll(rows);
        NavRow again = null;
        if (keep != null) {
            for (NavRow r : visible) {
                if (r.entry().id().equals(keep.entry().id()) && (again == null || r.branch() == keep.branch())) {
                    again = r;
                }
            }
        }
        selected.set(again);
    }

    /** Rows in execution order, or sorted by ODE step (entries outside the ODE last). */
    static List<NavRow> rows(Trace ref, Comparison c, Grouping g) {
        List<NavRow> out = new ArrayList<>(ref.entries().size());
        for (TraceEntry e : ref.entries()) {
            EntryResult r = result(c, e);
            int step = r == null ? -1 : r.step();
            String group = step >= 0 ? "step " + step : (g == Grouping.ODE_STEP && c != null ? "outside ODE" : "");
            out.add(NavRow.of(e, r, group));
        }
        if (g == Grouping.ODE_STEP) {
            out.sort(Comparator.comparingInt(r -> r.result() == null || r.result().step() < 0
                    ? Integer.MAX_VALUE : r.result().step()));
        }
        return out;
    }

    private static EntryResult result(Comparison c, TraceEntry e) {
        if (c == null) {
            return null;
        }
        EntryResult r = e.index() < c.results().size() ? c.results().get(e.index()) : null;
        return r != null && r.reference().index() == e.index() ? r : null;
    }

    /**
     * Conditional rows, then unconditional rows (batch row 0 and 1 of the estimator's batch-2 entries, each
     * measured on its own), then every other entry.
     */
    static List<NavRow> branchRows(Trace ref, Trace cand, Comparison c, Background.Progress p) {
        List<List<NavRow>> branches = List.of(new ArrayList<>(), new ArrayList<>());
        List<NavRow> other = new ArrayList<>();
        String stepModule = c.options().stepModule();
        for (TraceEntry e : ref.entries()) {
            if (p.isStopped()) {
                return List.of();
            }
            EntryResult r = result(c, e);
            boolean cfg = r != null && e.name().startsWith(stepModule) && e.shape().rank() >= 1
                    && e.shape().dim(0) == 2;
            if (!cfg) {
                other.add(NavRow.of(e, r, "no CFG batch"));
                continue;
            }
            for (int b = 0; b < 2; b++) {
                branches.get(b).add(branchRow(ref, cand, e, r, b));
            }
            p.update("Measuring CFG branches: " + e.id(), (double) e.index() / ref.entries().size());
        }
        List<NavRow> out = new ArrayList<>(branches.get(0));
        out.addAll(branches.get(1));
        out.addAll(other);
        return out;
    }

    private static NavRow branchRow(Trace ref, Trace cand, TraceEntry e, EntryResult r, int b) {
        String group = NavRow.BRANCHES[b] + " (batch " + b + ")";
        if (r.metrics() == null || r.candidate() == null || !r.candidate().shape().equals(e.shape())) {
            return new NavRow(e, r, b, null, r.status(), group);
        }
        Tensor rt = TensorSlices.batchRow(ref.tensor(e), b);
        Tensor ct = TensorSlices.batchRow(cand.tensor(r.candidate()), b);
        Metrics m = MetricsCalculator.compute(rt, ct, r.tolerance());
        return new NavRow(e, r, b, m, m.passes(r.tolerance()) ? EntryStatus.PASS : EntryStatus.FAIL, group);
    }
}
