package dev.parity.ui;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Renders a {@link Slice} to an image of exactly {@code cols × rows} pixels through a colour map. */
public final class Heatmap {
    private Heatmap() {
    }

    /**
     * @param lo value drawn at the low end of the map
     * @param hi value drawn at the high end (a degenerate range draws the middle colour)
     * @param flipRows draw row 0 at the bottom (spectrogram convention)
     */
    public static WritableImage render(Slice s, ColorMap map, double lo, double hi, boolean flipRows) {
        int[] argb = pixels(s, map, lo, hi, flipRows);
        WritableImage img = new WritableImage(Math.max(1, s.cols()), Math.max(1, s.rows()));
        if (argb.length > 0) {
            img.getPixelWriter().setPixels(0, 0, s.cols(), s.rows(), PixelFormat.getIntArgbInstance(), argb, 0,
                    s.cols());
        }
        return img;
    }

    /** The ARGB pixels, row-major, {@code cols} per row. */
    static int[] pixels(Slice s, ColorMap map, double lo, double hi, boolean flipRows) {
        int[] out = new int[s.values().length];
        double span = hi - lo;
        for (int r = 0; r < s.rows(); r++) {
            int dst = (flipRows ? s.rows() - 1 - r : r) * s.cols();
            for (int c = 0; c < s.cols(); c++) {
                double v = s.values()[r * s.cols() + c];
                double t = span > 0 ? (v - lo) / span : 0.5;
                out[dst + c] = map.argb(Double.isInfinite(v) ? (v > 0 ? 1 : 0) : t);
            }
        }
        return out;
    }

    /** A symmetric value range {−m, m} for differences, never empty. */
    public static double[] symmetric(Slice s) {
        double m = s.maxAbs();
        return new double[] {-(m > 0 ? m : 1e-30), m > 0 ? m : 1e-30};
    }
}
