package dev.parity.ui;

import dev.parity.report.Numbers;
import dev.parity.compare.EntryResult;
import dev.parity.compare.Metrics;
import java.lang.reflect.RecordComponent;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * Everything about the selected layer: its metrics, the error histogram, reference and candidate slices
 * (a line plot for 1-D slices, heatmaps on a shared scale for 2-D ones) and the difference heatmap. A complex
 * entry is drawn as its magnitude or its phase, chosen in the selector row.
 */
public final class LayerDetailView extends BorderPane {
    private final LayerDetailViewModel vm;
    private final Label title = new Label("Select a layer");
    private final Label note = new Label();
    private final HBox selectors = new HBox(8);
    private final GridPane metrics = new GridPane();
    private final StackPane overlay = new StackPane();
    private final HeatmapPane refMap = new HeatmapPane("ref-heatmap", 150);
    private final HeatmapPane candMap = new HeatmapPane("cand-heatmap", 150);
    private final HeatmapPane diffMap = new HeatmapPane("diff-heatmap", 150);
    private final ChartViewer line = new ChartViewer(null);
    private final ChartViewer histogram = new ChartViewer(null);

    public LayerDetailView(LayerDetailViewModel vm) {
        this.vm = vm;
        setId("layer-detail");
        title.getStyleClass().add("caption");
        note.getStyleClass().add("message");
        note.textProperty().bind(vm.errorProperty());
        metrics.getStyleClass().add("metrics-grid");
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(120);
        metrics.getColumnConstraints().add(keys);
        ScrollPane metricScroll = new ScrollPane(metrics);
        metricScroll.setPrefWidth(300);
        metricScroll.setFitToWidth(true);
        line.setId("line-overlay");
        histogram.setId("error-histogram");
        histogram.setPrefSize(320, 200);
        line.setPrefHeight(190);
        GridPane plots = new GridPane();
        plots.setHgap(8);
        plots.setVgap(6);
        plots.setPadding(new Insets(4));
        for (int i = 0; i < 2; i++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            plots.getColumnConstraints().add(half);
        }
        plots.add(overlay, 0, 0, 2, 1);
        plots.add(diffMap, 0, 1);
        plots.add(histogram, 1, 1);
        VBox top = new VBox(2, title, selectors, note);
        top.setPadding(new Insets(4));
        setTop(top);
        setLeft(metricScroll);
        setCenter(plots);
        vm.rowProperty().addListener((o, a, r) -> showRow(r));
        vm.dataProperty().addListener((o, a, d) -> showData(d));
    }

    public HeatmapPane diffHeatmap() {
        return diffMap;
    }

    public HeatmapPane refHeatmap() {
        return refMap;
    }

    public JFreeChart histogramChart() {
        return histogram.getChart();
    }

    private void showRow(NavRow r) {
        metrics.getChildren().clear();
        selectors.getChildren().clear();
        if (r == null) {
            title.setText("Select a layer");
            return;
        }
        title.setText("#" + r.entry().index() + "  " + r.label());
        int row = 0;
        row = put(row, "status", r.status() == null ? "not compared" : r.status().label());
        row = put(row, "module type", String.valueOf(r.entry().moduleType()));
        row = put(row, "shape", r.entry().shape() + " " + r.entry().dtype());
        EntryResult res = r.result();
        if (res != null) {
            row = put(row, "tolerance", String.valueOf(res.tolerance()));
            row = put(row, "ODE step", res.step() < 0 ? "-" : String.valueOf(res.step()));
            row = put(row, "candidate", res.candidate() == null ? "missing" : res.candidate().id() + " "
                    + res.candidate().shape());
            if (res.finding() != null) {
                row = put(row, "finding", res.finding());
            }
        }
        if (r.metrics() != null) {
            putMetrics(row, r.metrics());
        }
        buildSelectors(r);
    }

    private void putMetrics(int row, Metrics m) {
        for (RecordComponent c : Metrics.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(m);
                row = put(row, c.getName(), v instanceof Double d ? Numbers.num(d) : String.valueOf(v));
            } catch (ReflectiveOperationException e) {
                row = put(row, c.getName(), "?");
            }
        }
    }

    private int put(int row, String key, String value) {
        Label k = new Label(key);
        k.setStyle("-fx-text-fill: #555;");
        Label v = new Label(value);
        v.setWrapText(true);
        metrics.addRow(row, k, v);
        return row + 1;
    }

    private void buildSelectors(NavRow r) {
        int n = TensorSlices.leadingAxes(r.entry().shape());
        for (int ax = 0; ax < n; ax++) {
            int size = (int) r.entry().shape().dim(ax);
            int start = ax == 0 && r.branch() >= 0 ? r.branch() : 0;
            Spinner<Integer> s = new Spinner<>(0, Math.max(0, size - 1), start);
            s.setId("axis-" + ax);
            s.setPrefWidth(80);
            s.setEditable(true);
            int axis = ax;
            s.valueProperty().addListener((o, a, v) -> vm.setIndex(axis, v));
            selectors.getChildren().addAll(new Label(axisName(r, ax, size)), s);
        }
        if (n > 0) {
            selectors.getChildren().add(new Label("slice: last two axes"));
        }
        if (r.entry().dtype().isComplex()) {
            ChoiceBox<ComplexPart> part = new ChoiceBox<>();
            part.setId("complex-part");
            part.getItems().setAll(ComplexPart.values());
            part.setValue(vm.partProperty().get());
            part.valueProperty().addListener((o, a, v) -> vm.showPart(v));
            selectors.getChildren().addAll(new Label("complex: show"), part);
        }
    }

    /** "" for a real entry, " (magnitude)" or " (phase, rad)" for a complex one. */
    private static String partSuffix(DetailData d) {
        if (d.part() == null) {
            return "";
        }
        return d.part() == ComplexPart.PHASE ? " (phase, rad)" : " (magnitude)";
    }

    private static String axisName(NavRow r, int ax, int size) {
        if (ax == 0 && size == 2 && r.result() != null && r.result().step() >= 0) {
            return "batch (0 cond, 1 uncond)";
        }
        return (ax == 0 ? "batch" : ax == 1 ? "channel" : "axis " + ax) + " of " + size;
    }

    private void showData(DetailData d) {
        if (d == null) {
            overlay.getChildren().clear();
            diffMap.clear("difference");
            histogram.setChart(null);
            return;
        }
        if (d.ref().isLine()) {
            showLine(d);
        } else {
            showMaps(d);
        }
        if (d.diff() != null) {
            double[] sym = Heatmap.symmetric(d.diff());
            diffMap.show("candidate − reference" + partSuffix(d), d.diff(), ColorMap.DIVERGING, sym[0], sym[1],
                    false);
            histogram.setChart(Charts.histogram("error histogram (whole tensor)", "candidate − reference"
                    + partSuffix(d),
                    d.diffSample(), 60, Charts.DIFFERENCE));
        } else {
            diffMap.clear(d.cand() == null ? "difference: no candidate" : "difference: shapes differ ("
                    + d.refShape() + " vs " + d.candShape() + ")");
            histogram.setChart(null);
        }
    }

    private void showLine(DetailData d) {
        int buckets = Math.max(200, (int) getWidth());
        double[][][] series = d.cand() == null ? new double[][][] {Downsample.signal(d.ref().values(), 1, buckets)}
                : new double[][][] {Downsample.signal(d.ref().values(), 1, buckets),
                    Downsample.signal(d.cand().values(), 1, buckets)};
        String[] keys = d.cand() == null ? new String[] {"reference"} : new String[] {"reference", "candidate"};
        line.setChart(Charts.lines("reference vs candidate" + partSuffix(d), "index (last axis)", "value", keys, series,
                Charts.REFERENCE, Charts.CANDIDATE));
        overlay.getChildren().setAll(line);
    }

    private void showMaps(DetailData d) {
        double[] r = d.ref().range();
        if (d.cand() != null) {
            double[] c = d.cand().range();
            r = new double[] {Math.min(r[0], c[0]), Math.max(r[1], c[1])};
            candMap.show("candidate" + partSuffix(d), d.cand(), ColorMap.VIRIDIS, r[0], r[1], false);
        } else {
            candMap.clear("candidate: missing");
        }
        refMap.show("reference" + partSuffix(d), d.ref(), ColorMap.VIRIDIS, r[0], r[1], false);
        GridPane maps = new GridPane();
        maps.setHgap(8);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints half = new ColumnConstraints();
            half.setPercentWidth(50);
            maps.getColumnConstraints().add(half);
        }
        maps.add(refMap, 0, 0);
        maps.add(candMap, 1, 0);
        overlay.getChildren().setAll(maps);
    }
}
