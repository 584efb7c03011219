package dev.parity.ui;

import dev.parity.report.Numbers;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A captioned heatmap image that stretches to its width, with the value range of its colour scale. */
public final class HeatmapPane extends VBox {
    private final Label caption = new Label();
    private final Label scale = new Label();
    private final ImageView view = new ImageView();

    public HeatmapPane(String id, double height) {
        setId(id);
        view.setId(id + "-image");
        view.setSmooth(false);
        view.setPreserveRatio(false);
        view.setFitHeight(height);
        view.fitWidthProperty().bind(widthProperty().subtract(4));
        caption.getStyleClass().add("caption");
        setMinWidth(60);
        VBox.setVgrow(view, Priority.ALWAYS);
        getChildren().addAll(caption, view, scale);
    }

    /** Shows {@code s} coloured by {@code map} over [lo, hi]. */
    public void show(String title, Slice s, ColorMap map, double lo, double hi, boolean flipRows) {
        boolean binned = s.rows() > Heatmap.MAX_SIDE || s.cols() > Heatmap.MAX_SIDE;
        caption.setText(title + " (" + s.rows() + " × " + s.cols() + (binned ? ", binned: largest |value| per bin" : "")
                + ")");
        scale.setText((map == ColorMap.DIVERGING ? "blue " : "dark ") + Numbers.num(lo) + "  →  "
                + (map == ColorMap.DIVERGING ? "red " : "yellow ") + Numbers.num(hi));
        view.setImage(Heatmap.render(s, map, lo, hi, flipRows));
    }

    public void clear(String title) {
        caption.setText(title);
        scale.setText("");
        view.setImage(null);
    }

    /** The current image (exactly cols × rows pixels), or null. */
    public WritableImage image() {
        return (WritableImage) view.getImage();
    }
}
