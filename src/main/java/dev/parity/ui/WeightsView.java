package dev.parity.ui;

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

/** The checkpoint's tensors with their statistics and findings; the selected tensor's value histogram. */
public final class WeightsView extends BorderPane {
    private final TableView<WeightRow> table = new TableView<>();
    private final ChartViewer histogram = new ChartViewer(null);

    public WeightsView(WeightsViewModel vm) {
        setId("weights-view");
        table.setId("weights");
        table.setItems(vm.rows());
        table.setFixedCellSize(22);
        table.getColumns().add(text("tensor", 320, WeightRow::name));
        table.getColumns().add(text("dtype", 70, WeightRow::dtype));
        table.getColumns().add(text("shape", 110, WeightRow::shape));
        table.getColumns().add(number("mean", WeightRow::mean));
        table.getColumns().add(number("std", WeightRow::std));
        table.getColumns().add(number("min", WeightRow::min));
        table.getColumns().add(number("max", WeightRow::max));
        table.getColumns().add(text("zeros", 60, w -> Fmt.percent(w.zeroFraction())));
        table.getColumns().add(text("finding", 140, WeightRow::finding));
        table.getColumns().forEach(c -> c.setSortable(false));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, w) -> vm.select(w));
        vm.histogramProperty().addListener((o, a, v) -> histogram.setChart(v == null ? null
                : Charts.histogram(vm.selectedProperty().get().name(), "value", v, 60, Charts.REFERENCE)));
        vm.selectedProperty().addListener((o, a, w) -> {
            if (w != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(w);
                table.scrollTo(w);
            }
        });
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        histogram.setPrefSize(460, 400);
        SplitPane split = new SplitPane(table, new VBox(histogram));
        split.setDividerPositions(0.68);
        setCenter(split);
        setBottom(status);
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
                setText(empty || v == null ? "" : Fmt.num(v));
            }
        });
        return c;
    }
}
