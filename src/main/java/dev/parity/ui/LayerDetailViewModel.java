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
    private final ReadOnlyObjectWrapper<ComplexPart> part =
            new ReadOnlyObjectWrapper<>(this, "part", ComplexPart.MAGNITUDE);
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

    /** What a complex entry's slices show: its magnitude (the default) or its phase. */
    public ReadOnlyObjectProperty<ComplexPart> partProperty() {
        return part.getReadOnlyProperty();
    }

    /** Shows the magnitude or the phase of complex entries, reloading the slices of a complex row. */
    public void showPart(ComplexPart p) {
        if (p == part.get()) {
            return;
        }
        part.set(p);
        if (row.get() != null && row.get().entry().dtype().isComplex()) {
            load();
        }
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
        ComplexPart p = part.get();
        loading.set(true);
        error.set("");
        task = background.submit(() -> read(r, ref, cand, idx, p), d -> {
            loading.set(false);
            if (d.row() == row.get()) {
                data.set(d);
            }
        }, t -> {
            loading.set(false);
            error.set(Background.describe(t));
        });
    }

    /** Reads the slices of one row; a complex entry (either side) is drawn as {@code part}. */
    static DetailData read(NavRow r, Trace ref, Trace cand, int[] leading, ComplexPart part) {
        Tensor rt = ref.tensor(r.entry());
        TraceEntry ce = r.result() == null ? null : r.result().candidate();
        Tensor ct = ce == null || cand == null ? null : cand.tensor(ce);
        boolean complex = rt.dtype().isComplex() || ct != null && ct.dtype().isComplex();
        ComplexPart p = complex ? part : null;
        Slice rs = TensorSlices.slice(rt, leading, part);
        if (ct == null) {
            return new DetailData(r, rt.shape(), null, leading, rs, null, null, new double[0], p);
        }
        Slice cs = TensorSlices.slice(ct, leading, part);
        Shape shape = ct.shape();
        if (!shape.equals(rt.shape())) {
            return new DetailData(r, rt.shape(), shape, leading, rs, cs, null, new double[0], p);
        }
        if (complex) {
            return new DetailData(r, rt.shape(), shape, leading, rs, cs, complexDiff(rt, ct, leading, part),
                    TensorSlices.complexDifferenceSample(rt, ct, SAMPLE, part), p);
        }
        double[] a = TensorSlices.sample(rt, SAMPLE);
        double[] b = TensorSlices.sample(ct, SAMPLE);
        for (int i = 0; i < a.length; i++) {
            b[i] -= a[i];
        }
        return new DetailData(r, rt.shape(), shape, leading, rs, cs, cs.minus(rs), b, null);
    }

    private static Slice complexDiff(Tensor rt, Tensor ct, int[] leading, ComplexPart part) {
        Slice[] r = TensorSlices.parts(rt, leading);
        Slice[] c = TensorSlices.parts(ct, leading);
        double[] d = new double[r[0].values().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = part.difference(r[0].values()[i], r[1].values()[i], c[0].values()[i], c[1].values()[i]);
        }
        return new Slice(d, r[0].rows(), r[0].cols());
    }
}
