package dev.parity.ui;

import dev.parity.report.Numbers;
import dev.parity.weights.MagnitudeHistogram;
import dev.parity.weights.TensorStats;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

/**
 * The weight inspector's table (statistics, layer type, initializer findings per tensor) and, for the selected
 * tensor, its magnitude histogram and a value histogram.
 */
public final class WeightsView extends BorderPane {
    private final TableView<WeightRow> table = new TableView<>();
    private final ChartViewer histogram = new ChartViewer(null);
    private final ChartViewer magnitudes = new ChartViewer(null);
    private final Label details = new Label();

    public WeightsView(WeightsViewModel vm) {
        setId("weights-view");
        table.setId("weights");
        table.setItems(vm.rows());
        table.setFixedCellSize(22);
        table.getColumns().add(text("tensor", 320, WeightRow::name));
        table.getColumns().add(text("layer", 90, w -> String.valueOf(w.stats().layerType())));
        table.getColumns().add(text("shape", 100, w -> w.stats().shape() + ""));
        table.getColumns().add(number("mean", w -> w.stats().mean()));
        table.getColumns().add(number("std", w -> w.stats().std()));
        table.getColumns().add(number("min", w -> w.stats().min()));
        table.getColumns().add(number("max", w -> w.stats().max()));
        table.getColumns().add(text("zeros", 55, w -> Numbers.briefPct(w.stats().zeroFraction())));
        table.getColumns().add(text("finding", 200, WeightRow::finding));
        table.getColumns().forEach(c -> c.setSortable(false));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, w) -> vm.select(w));
        vm.histogramProperty().addListener((o, a, v) -> histogram.setChart(v == null ? null
                : Charts.histogram("values of " + vm.selectedProperty().get().name(), "value", v, 60,
                Charts.REFERENCE)));
        vm.selectedProperty().addListener((o, a, w) -> showSelected(w));
        vm.selectedProperty().addListener((o, a, w) -> {
            if (w != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(w);
                table.scrollTo(w);
            }
        });
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        histogram.setPrefSize(460, 330);
        magnitudes.setPrefSize(460, 330);
        details.setWrapText(true);
        SplitPane split = new SplitPane(table, new VBox(6, details, magnitudes, histogram));
        split.setDividerPositions(0.68);
        setCenter(split);
        setBottom(status);
    }

    private void showSelected(WeightRow w) {
        if (w == null) {
            magnitudes.setChart(null);
            details.setText("");
            return;
        }
        MagnitudeHistogram h = w.stats().histogram();
        int n = h.counts().size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] count = new double[n];
        for (int i = 0; i < n; i++) {
            lo[i] = h.minExponent() + i;
            hi[i] = lo[i] + 1;
            count[i] = h.counts().get(i);
        }
        magnitudes.setChart(Charts.bars("magnitudes (weight inspector)", "log2 |value|", lo, hi, count,
                Charts.CANDIDATE));
        TensorStats s = w.stats();
        details.setText(s.key() + "  " + s.dtype() + " " + s.shape() + "\nmean |x| " + Numbers.num(s.meanAbs())
                + ", kurtosis " + Numbers.num(s.kurtosis()) + ", row-norm CV " + Numbers.num(s.rowNormCv())
                + ", zeros " + h.zeros() + ", below 2^" + h.minExponent() + ": " + h.below()
                + "\n" + w.reason());
    }

    public TableView<WeightRow> table() {
        return table;
    }

    private static TableColumn<WeightRow, String> text(String title, double width, Function<WeightRow, String> f) {
        TableColumn<WeightRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        return c;
    }

    private static TableColumn<WeightRow, Double> number(String title, Function<WeightRow, Double> f) {
        TableColumn<WeightRow, Double> c = new TableColumn<>(title);
        c.setPrefWidth(80);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? "" : Numbers.num(v));
            }
        });
        return c;
    }
}
