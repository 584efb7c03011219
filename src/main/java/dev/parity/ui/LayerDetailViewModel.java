package dev.parity.ui;

import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Shape;
import dev.parity.tensor.Tensor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * The selected layer in detail: its metrics (from the row) and slices of its reference and candidate tensors,
 * read lazily in the background whenever the row or a slice index changes.
 */
public final class LayerDetailViewModel {
    /** Elements sampled from a whole tensor for the error histogram. */
    static final int SAMPLE = 1 << 18;
    private final SessionViewModel session;
    private final Background background;
    private final ReadOnlyObjectWrapper<NavRow> row = new ReadOnlyObjectWrapper<>(this, "row");
    private final ReadOnlyObjectWrapper<DetailData> data = new ReadOnlyObjectWrapper<>(this, "data");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private int[] leading = new int[0];
    private Task<DetailData> task;

    public LayerDetailViewModel(SessionViewModel session, NavigatorViewModel navigator, Background background) {
        this.session = session;
        this.background = background;
        navigator.selectedProperty().addListener((o, a, r) -> show(r));
    }

    public ReadOnlyObjectProperty<NavRow> rowProperty() {
        return row.getReadOnlyProperty();
    }

    /** The loaded slices of the current row; null until loaded. */
    public ReadOnlyObjectProperty<DetailData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Shows a row; a CFG branch row starts on its own batch index. */
    public void show(NavRow r) {
        row.set(r);
        if (r == null) {
            cancel();
            data.set(null);
            return;
        }
        leading = new int[TensorSlices.leadingAxes(r.entry().shape())];
        if (r.branch() >= 0 && leading.length > 0) {
            leading[0] = r.branch();
        }
        load();
    }

    /** Chooses the index on leading axis {@code axis} (batch, channel, ...) and reloads the slices. */
    public void setIndex(int axis, int index) {
        if (row.get() == null || axis >= leading.length || leading[axis] == index) {
            return;
        }
        leading[axis] = index;
        load();
    }

    private void cancel() {
        if (task != null) {
            task.cancel(true);
        }
        loading.set(false);
    }

    private void load() {
        cancel();
        NavRow r = row.get();
        Trace ref = session.referenceProperty().get();
        Trace cand = session.candidateProperty().get();
        int[] idx = leading.clone();
        loading.set(true);
        error.set("");
        task = background.submit(() -> read(r, ref, cand, idx), d -> {
            loading.set(false);
            if (d.row() == row.get()) {
                data.set(d);
            }
        }, t -> {
            loading.set(false);
            error.set(Background.describe(t));
        });
    }

    static DetailData read(NavRow r, Trace ref, Trace cand, int[] leading) {
        Tensor rt = ref.tensor(r.entry());
        Slice rs = TensorSlices.slice(rt, leading);
        TraceEntry ce = r.result() == null ? null : r.result().candidate();
        if (ce == null || cand == null) {
            return new DetailData(r, rt.shape(), null, leading, rs, null, null, new double[0]);
        }
        Tensor ct = cand.tensor(ce);
        Slice cs = TensorSlices.slice(ct, leading);
        Shape shape = ct.shape();
        if (!shape.equals(rt.shape())) {
            return new DetailData(r, rt.shape(), shape, leading, rs, cs, null, new double[0]);
        }
        double[] a = TensorSlices.sample(rt, SAMPLE);
        double[] b = TensorSlices.sample(ct, SAMPLE);
        for (int i = 0; i < a.length; i++) {
            b[i] -= a[i];
        }
        return new DetailData(r, rt.shape(), shape, leading, rs, cs, cs.minus(rs), b);
    }
}
