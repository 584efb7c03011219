package dev.parity.ui;

import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.io.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The weights view: per-tensor statistics and findings of the reference dump's {@code weights.safetensors}, and
 * a value histogram of the selected tensor. (Reads the file with dev.parity.io until the weights inspector
 * lands on main.)
 */
public final class WeightsViewModel {
    public static final String FILE = "weights.safetensors";
    private final Background background;
    private final ObservableList<WeightRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<WeightRow> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyObjectWrapper<double[]> histogram = new ReadOnlyObjectWrapper<>(this, "histogram");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private SafetensorsFile file;

    public WeightsViewModel(SessionViewModel session, Background background) {
        this.background = background;
        session.referenceProperty().addListener((o, a, t) -> open(t));
    }

    public ObservableList<WeightRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ReadOnlyObjectProperty<WeightRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** A sample of the selected tensor's values, for its histogram. */
    public ReadOnlyObjectProperty<double[]> histogramProperty() {
        return histogram.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    private void open(Trace ref) {
        rows.clear();
        selected.set(null);
        Path f = ref == null ? null : ref.dir().resolve(FILE);
        if (f == null || !Files.isRegularFile(f)) {
            status.set(ref == null ? "" : "No " + FILE + " in " + ref.dir());
            return;
        }
        status.set("Reading " + f + " ...");
        background.submit(p -> measure(f, p), r -> {
            rows.setAll(r);
            long flagged = r.stream().filter(w -> !w.finding().isEmpty()).count();
            status.set(f.getFileName() + ": " + r.size() + " tensors, " + flagged + " with findings");
        }, t -> status.set(Background.describe(t)));
    }

    private List<WeightRow> measure(Path f, Background.Progress p) {
        SafetensorsFile sf = Safetensors.open(f);
        List<WeightRow> out = new ArrayList<>();
        int i = 0;
        for (String name : sf.names()) {
            if (p.isStopped()) {
                break;
            }
            p.update("Measuring " + name, (double) i++ / sf.names().size());
            out.add(WeightRow.of(name, sf.tensor(name)));
        }
        file = sf;
        return out;
    }

    /** Selects a tensor and samples its values for the histogram. */
    public void select(WeightRow row) {
        selected.set(row);
        SafetensorsFile sf = file;
        if (row == null || sf == null) {
            histogram.set(null);
            return;
        }
        background.submit(() -> TensorSlices.sample(sf.tensor(row.name()), 1 << 18), v -> {
            if (selected.get() == row) {
                histogram.set(v);
            }
        }, t -> status.set(Background.describe(t)));
    }
}
