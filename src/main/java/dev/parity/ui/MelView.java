package dev.parity.ui;

import dev.parity.report.Numbers;
import javafx.geometry.Insets;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

/**
 * Reference, candidate and difference of the chosen feature (the S3Gen mel, or a conditioning dump's prompt mel,
 * log-mels and fbank; low channels at the bottom; reference and candidate on one shared scale, the difference on a
 * symmetric diverging one), per-channel mean profiles and summary statistics.
 */
public final class MelView extends BorderPane {
    private final HeatmapPane ref = new HeatmapPane("mel-ref", 200);
    private final HeatmapPane cand = new HeatmapPane("mel-cand", 200);
    private final HeatmapPane diff = new HeatmapPane("mel-diff", 200);
    private final ChartViewer profile = new ChartViewer(null);
    private final Label stats = new Label();

    public MelView(MelViewModel vm) {
        setId("mel-view");
        ChoiceBox<StageSignal> choice = new ChoiceBox<>();
        choice.setId("mel-choice");
        choice.getItems().setAll(vm.choicesProperty().get());
        vm.choicesProperty().addListener((o, a, c) -> choice.getItems().setAll(c));
        choice.setValue(vm.shownProperty().get());
        vm.shownProperty().addListener((o, a, f) -> choice.setValue(f));
        choice.valueProperty().addListener((o, a, f) -> vm.show(f));
        HBox top = new HBox(8, new Label("Feature:"), choice);
        VBox maps = new VBox(6, top, ref, cand, diff);
        maps.setPadding(new Insets(6));
        HBox.setHgrow(maps, Priority.ALWAYS);
        profile.setPrefSize(420, 400);
        Label err = new Label();
        err.getStyleClass().add("error");
        err.textProperty().bind(vm.errorProperty());
        VBox side = new VBox(6, profile, stats, err);
        side.setPadding(new Insets(6));
        stats.setWrapText(true);
        setCenter(maps);
        setRight(side);
        vm.dataProperty().addListener((o, a, d) -> show(d));
    }

    public HeatmapPane diffHeatmap() {
        return diff;
    }

    private void show(MelData d) {
        if (d == null) {
            return;
        }
        String what = d.feature().label();
        ref.show("reference " + what, d.ref(), ColorMap.VIRIDIS, d.lo(), d.hi(), true);
        if (d.cand() != null) {
            cand.show("candidate " + what + " (same scale)", d.cand(), ColorMap.VIRIDIS, d.lo(), d.hi(), true);
        } else {
            cand.clear("candidate " + what + ": none");
        }
        if (d.diff() != null) {
            double[] sym = Heatmap.symmetric(d.diff());
            diff.show("candidate − reference", d.diff(), ColorMap.DIVERGING, sym[0], sym[1], true);
        } else {
            diff.clear("difference: " + d.note());
        }
        double[][][] series = d.candProfile() == null ? new double[][][] {Downsample.signal(d.refProfile(), 1, 400)}
                : new double[][][] {Downsample.signal(d.refProfile(), 1, 400),
                    Downsample.signal(d.candProfile(), 1, 400)};
        String[] keys = d.candProfile() == null ? new String[] {"reference"} : new String[] {"reference", "candidate"};
        profile.setChart(Charts.lines("mean per channel", "channel", "mean over time", keys, series,
                Charts.REFERENCE, Charts.CANDIDATE));
        stats.setText("Reference: " + d.refStats() + (d.candStats() == null ? "" : "\nCandidate: " + d.candStats())
                + (d.diff() == null ? "" : "\nmax |difference|: " + Numbers.num(d.diff().maxAbs())));
    }
}
