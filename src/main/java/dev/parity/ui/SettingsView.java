package dev.parity.ui;

import dev.parity.compare.Statistic;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
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

    public SettingsView(SessionViewModel vm) {
        this.vm = vm;
        setId("settings");
        setSpacing(6);
        setPadding(new Insets(8));
        rules.setId("rules");
        rules.setPromptText("strip-prefix decoder.\nadd-prefix flow.decoder.estimator.\nrename ^blocks\\.(\\d+)$ => "
                + "blocks.$1.0");
        rules.setPrefRowCount(8);
        overrides.setId("overrides");
        overrides.setPromptText("flow.decoder.estimator.** = 1e-4, 1e-3\nre:mel2wav\\..* = 1e-4, 1e-3");
        overrides.setPrefRowCount(5);
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
        apply.setDefaultButton(false);
        apply.setOnAction(e -> apply());
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                apply();
                e.consume();
            }
        });
        Label err = new Label();
        err.getStyleClass().add("error");
        err.textProperty().bind(vm.errorProperty());
        VBox.setVgrow(rules, Priority.ALWAYS);
        getChildren().addAll(caption("Mapping rules (candidate names → reference names)"), rules,
                caption("Tolerance"), tol, caption("Per-layer tolerances: PATTERN = ATOL, RTOL (glob or re:REGEX)"),
                overrides, apply, err);
        show(vm.settingsProperty().get());
        vm.settingsProperty().addListener((o, a, s) -> show(s));
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
