package dev.parity.ui;

import dev.parity.report.Numbers;
import dev.parity.compare.EntryStatus;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The layer table: execution-ordered entries coloured by status, with filter and grouping controls. */
public final class NavigatorView extends VBox {
    public static final String HELP = "Keys: N next · P previous · D next divergence · F first divergence"
            + " · Ctrl+L filter · ↑/↓ in the table";
    private final NavigatorViewModel vm;
    private final TableView<NavRow> table = new TableView<>();
    private final TextField filter = new TextField();
    private boolean syncing;

    public NavigatorView(NavigatorViewModel vm) {
        this.vm = vm;
        setId("navigator");
        getStyleClass().add("navigator");
        filter.setId("filter");
        filter.setPromptText("filter by name");
        filter.textProperty().addListener((o, a, t) -> vm.setFilter(t));
        ComboBox<Grouping> grouping = new ComboBox<>();
        grouping.setId("grouping");
        grouping.getItems().setAll(Grouping.values());
        grouping.setValue(vm.groupingProperty().get());
        grouping.valueProperty().addListener((o, a, g) -> vm.setGrouping(g));
        CheckBox divergent = new CheckBox("divergent only");
        divergent.selectedProperty().addListener((o, a, on) -> vm.setDivergentOnly(on));
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox controls = new HBox(6, filter, grouping, divergent);
        controls.setPadding(new Insets(4));
        Label message = new Label();
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add("message");
        Label help = new Label(HELP);
        help.setId("help");
        help.getStyleClass().add("help");
        buildTable();
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(controls, table, message, help);
    }

    public TableView<NavRow> table() {
        return table;
    }

    /** Moves keyboard focus to the filter field. */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    private void buildTable() {
        table.setId("layers");
        table.setItems(vm.rows());
        table.setFixedCellSize(22);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column("#", 45, r -> r.entry().index()));
        table.getColumns().add(column("status", 62, r -> r.status() == null ? "" : r.status().label()));
        TableColumn<NavRow, String> name = column("name", 270, r -> r.entry().name());
        name.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
                setText(empty ? null : v);
            }
        });
        table.getColumns().add(name);
        table.getColumns().add(column("call", 36, r -> r.entry().call()));
        table.getColumns().add(column("kind", 70, r -> r.entry().kind().label()
                + (r.entry().arg() == null ? "" : " " + r.entry().arg())));
        table.getColumns().add(column("shape", 90, r -> r.entry().shape().toString()));
        table.getColumns().add(column("group", 100, NavRow::group));
        table.getColumns().add(numberColumn("rel L2", r -> r.error()));
        table.getColumns().add(numberColumn("max |d|", r -> r.metrics() == null ? Double.NaN : r.metrics().maxAbs()));
        table.getColumns().add(column("verdict", 90, r -> vm.verdictsProperty().get().getOrDefault(r.entry().id(), "")));
        table.getColumns().forEach(c -> c.setSortable(false));
        table.setRowFactory(t -> new StatusRow(vm));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (!syncing && r != null) {
                vm.select(r);
            }
        });
        vm.selectedProperty().addListener((o, a, r) -> showSelection(r));
        vm.verdictsProperty().addListener(o -> table.refresh());
    }

    private void showSelection(NavRow r) {
        syncing = true;
        try {
            if (r == null) {
                table.getSelectionModel().clearSelection();
            } else {
                table.getSelectionModel().select(r);
                int i = table.getSelectionModel().getSelectedIndex();
                if (i >= 0) {
                    table.scrollTo(Math.max(0, i - 5));
                }
            }
        } finally {
            syncing = false;
        }
    }

    private static <T> TableColumn<NavRow, T> column(String title, double width, Function<NavRow, T> value) {
        TableColumn<NavRow, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(value.apply(f.getValue())));
        return c;
    }

    private static TableColumn<NavRow, Double> numberColumn(String title, Function<NavRow, Double> value) {
        TableColumn<NavRow, Double> c = column(title, 85, value);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || v.isNaN() ? "" : Numbers.num(v));
            }
        });
        return c;
    }

    /** Colours a row by its status and the localizer's verdict through the style classes of workbench.css. */
    private static final class StatusRow extends TableRow<NavRow> {
        private static final String[] CLASSES = {"status-pass", "status-fail", "status-shape", "status-missing",
            "verdict-origin", "verdict-inherited"};
        private final NavigatorViewModel vm;

        StatusRow(NavigatorViewModel vm) {
            this.vm = vm;
        }

        @Override
        protected void updateItem(NavRow r, boolean empty) {
            super.updateItem(r, empty);
            getStyleClass().removeAll(CLASSES);
            if (!empty && r != null && r.status() != null) {
                getStyleClass().add(styleClass(r.status()));
                String v = vm.verdictsProperty().get().getOrDefault(r.entry().id(), "");
                if (v.equals("origin")) {
                    getStyleClass().add("verdict-origin");
                } else if (v.equals("inherited")) {
                    getStyleClass().add("verdict-inherited");
                }
            }
        }

        private static String styleClass(EntryStatus s) {
            return switch (s) {
                case PASS -> CLASSES[0];
                case FAIL -> CLASSES[1];
                case SHAPE_MISMATCH -> CLASSES[2];
                case MISSING -> CLASSES[3];
            };
        }
    }
}
