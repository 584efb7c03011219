package dev.parity.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jfree.chart.fx.ChartViewer;

/**
 * Reference and candidate of the chosen waveform (the S3Gen output, or a conditioning dump's input recording and
 * its resamplings) overlaid, their spectrograms on one dB scale, and playback buttons.
 */
public final class AudioView extends BorderPane {
    private final ChartViewer wave = new ChartViewer(null);
    private final HeatmapPane refSpec = new HeatmapPane("spec-ref", 170);
    private final HeatmapPane candSpec = new HeatmapPane("spec-cand", 170);
    private final Label stats = new Label();

    public AudioView(AudioViewModel vm) {
        setId("audio-view");
        Button playRef = new Button("▶ Play reference");
        playRef.setOnAction(e -> vm.playReference());
        Button playCand = new Button("▶ Play candidate");
        playCand.setOnAction(e -> vm.playCandidate());
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        ChoiceBox<StageSignal> choice = new ChoiceBox<>();
        choice.setId("audio-choice");
        choice.getItems().setAll(vm.choicesProperty().get());
        vm.choicesProperty().addListener((o, a, c) -> choice.getItems().setAll(c));
        choice.setValue(vm.shownProperty().get());
        vm.shownProperty().addListener((o, a, w) -> choice.setValue(w));
        choice.valueProperty().addListener((o, a, w) -> vm.show(w));
        HBox buttons = new HBox(8, new Label("Waveform:"), choice, playRef, playCand, status);
        wave.setId("audio-wave");
        wave.setPrefHeight(260);
        HBox.setHgrow(refSpec, Priority.ALWAYS);
        HBox.setHgrow(candSpec, Priority.ALWAYS);
        HBox specs = new HBox(8, refSpec, candSpec);
        refSpec.prefWidthProperty().bind(specs.widthProperty().divide(2).subtract(4));
        candSpec.prefWidthProperty().bind(specs.widthProperty().divide(2).subtract(4));
        VBox box = new VBox(6, buttons, wave, specs, stats);
        box.setPadding(new Insets(6));
        setCenter(box);
        vm.dataProperty().addListener((o, a, d) -> show(d));
    }

    private void show(AudioData d) {
        if (d == null) {
            return;
        }
        double dt = 1 / d.wave().rate();
        int buckets = Math.max(400, (int) getWidth());
        double[][][] series = d.cand() == null ? new double[][][] {Downsample.signal(d.ref(), dt, buckets)}
                : new double[][][] {Downsample.signal(d.ref(), dt, buckets), Downsample.signal(d.cand(), dt, buckets)};
        String[] keys = d.cand() == null ? new String[] {"reference"} : new String[] {"reference", "candidate"};
        wave.setChart(Charts.lines(d.wave().label(), "time (s)", "amplitude", keys, series, Charts.REFERENCE,
                Charts.CANDIDATE));
        refSpec.show("reference spectrogram (dB, 512-point FFT)", d.refSpec(), ColorMap.VIRIDIS, d.lo(), d.hi(), true);
        if (d.candSpec() != null) {
            candSpec.show("candidate spectrogram (same scale)", d.candSpec(), ColorMap.VIRIDIS, d.lo(), d.hi(), true);
        } else {
            candSpec.clear("candidate spectrogram: none");
        }
        stats.setText("Reference: " + d.refStats() + (d.candStats() == null ? "" : "\nCandidate: " + d.candStats()));
    }
}
