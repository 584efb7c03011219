package dev.parity.ui;

import dev.parity.compare.Comparison;
import dev.parity.compare.Statistic;
import dev.parity.compare.Suggestion;
import dev.parity.io.TraceEntry;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The mapping-rule and tolerance editor; "Apply" (or Ctrl+Enter) compares again with the new settings. */
public final class SettingsView extends VBox {
    private final SessionViewModel vm;
    private final TextArea rules = new TextArea();
    private final TextArea overrides = new TextArea();
    private final TextField atol = new TextField();
    private final TextField rtol = new TextField();
    private final TextField quantile = new TextField();
    private final ComboBox<Statistic> statistic = new ComboBox<>();
    private final ListView<String> unmatched = new ListView<>();

    public SettingsView(SessionViewModel vm) {
        this.vm = vm;
        setId("settings");
        setSpacing(6);
        setPadding(new Insets(8));
        rules.setId("rules");
        rules.setPromptText("one rule per line; see the syntax below");
        rules.setPrefRowCount(10);
        overrides.setId("overrides");
        overrides.setPromptText("one override per line, e.g. flow.decoder.estimator.** = 1e-4, 1e-3");
        overrides.setPrefRowCount(5);
        addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                apply();
                e.consume();
            }
        });
        HBox columns = new HBox(12, editor(), unmatchedPanel());
        VBox.setVgrow(columns, Priority.ALWAYS);
        getChildren().add(columns);
        vm.comparisonProperty().addListener((o, a, c) -> showUnmatched(c));
        show(vm.settingsProperty().get());
        vm.settingsProperty().addListener((o, a, s) -> show(s));
    }

    private VBox editor() {
        atol.setId("atol");
        rtol.setId("rtol");
        statistic.getItems().setAll(Statistic.values());
        GridPane tol = new GridPane();
        tol.setHgap(8);
        tol.setVgap(4);
        tol.addRow(0, new Label("atol"), atol, new Label("rtol"), rtol);
        tol.addRow(1, new Label("statistic"), statistic, new Label("quantile"), quantile);
        Button apply = new Button("Apply and compare (Ctrl+Enter)");
        apply.setId("apply");
        apply.setOnAction(e -> apply());
        Label err = new Label();
        err.getStyleClass().add("error");
        err.textProperty().bind(vm.errorProperty());
        VBox editor = new VBox(6, caption("Mapping rules (candidate names → reference names)"), rules, syntax("""
                strip-prefix decoder.                         drop a leading "decoder."
                add-prefix flow.decoder.estimator.            prepend
                rename ^downBlocks\\.(\\d+)$ => down_blocks.$1.0   Java regex; $1 refers to a group"""),
                caption("Tolerance"), tol, caption("Per-layer tolerances: PATTERN = ATOL, RTOL"), overrides, syntax("""
                flow.decoder.estimator.** = 1e-4, 1e-3        glob: * within a component, ** across
                re:mel2wav\\..*\\.conv = 1e-4, 1e-3             regex"""), apply, err);
        HBox.setHgrow(editor, Priority.ALWAYS);
        return editor;
    }

    private VBox unmatchedPanel() {
        VBox.setVgrow(unmatched, Priority.ALWAYS);
        unmatched.setId("unmatched");
        VBox side = new VBox(6, caption("Unmatched candidate entries and suggested pairings"), unmatched);
        side.setPrefWidth(560);
        return side;
    }

    private static Label syntax(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-family: monospace; -fx-text-fill: #555;");
        return l;
    }

    private void showUnmatched(Comparison c) {
        unmatched.getItems().clear();
        if (c == null) {
            return;
        }
        for (Suggestion sg : c.suggestions()) {
            unmatched.getItems().add("suggest: " + sg.candidate() + "  →  " + sg.reference() + "  (" + sg.reason() + ")");
        }
        for (TraceEntry e : c.unmatchedCandidate()) {
            unmatched.getItems().add("unmatched: " + e.id() + " " + e.shape());
        }
        if (unmatched.getItems().isEmpty()) {
            unmatched.getItems().add("every candidate entry matched a reference entry");
        }
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("caption");
        return l;
    }

    private void show(CompareSettings s) {
        rules.setText(s.rules());
        overrides.setText(s.overrides());
        atol.setText(Double.toString(s.atol()));
        rtol.setText(Double.toString(s.rtol()));
        quantile.setText(Double.toString(s.quantile()));
        statistic.setValue(s.statistic());
    }

    /** Hands the edited settings to the session (which validates them). */
    public void apply() {
        try {
            vm.applySettings(new CompareSettings(rules.getText(), Double.parseDouble(atol.getText().strip()),
                    Double.parseDouble(rtol.getText().strip()), statistic.getValue(),
                    Double.parseDouble(quantile.getText().strip()), overrides.getText()));
        } catch (NumberFormatException e) {
            vm.reportError("atol, rtol and quantile must be numbers: " + e.getMessage());
        }
    }
}
