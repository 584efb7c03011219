package dev.parity.ui;

import dev.parity.io.Safetensors;
import dev.parity.io.SafetensorsFile;
import dev.parity.io.Trace;
import dev.parity.weights.CheckpointStats;
import dev.parity.weights.InitVerdict;
import dev.parity.weights.KeyMappingRules;
import dev.parity.weights.TensorStats;
import dev.parity.weights.WeightStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The weights view: the weight inspector's per-tensor statistics and initializer verdicts for the reference
 * dump's {@code weights.safetensors}, and a value histogram of the selected tensor.
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
        p.update("Measuring " + sf.names().size() + " tensors", -1);
        CheckpointStats s = WeightStatistics.compute(sf, KeyMappingRules.none(), WeightStatistics.DEFAULT_DEPTH);
        Map<String, InitVerdict> verdicts = new HashMap<>();
        for (InitVerdict v : s.initializers()) {
            verdicts.put(v.key(), v);
        }
        List<WeightRow> out = new ArrayList<>();
        for (TensorStats t : s.tensors()) {
            out.add(new WeightRow(t, verdicts.get(t.key())));
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
