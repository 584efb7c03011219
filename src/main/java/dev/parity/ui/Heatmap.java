package dev.parity.ui;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Renders a {@link Slice} to an image of {@code cols × rows} pixels through a colour map; slices larger than
 * {@link #MAX_SIDE} on a side are binned first (largest magnitude per bin) to stay within texture limits.
 */
public final class Heatmap {
    /** Largest image side drawn; the software pipeline's texture limit is 4096. */
    public static final int MAX_SIDE = 2048;
    /**
     * Thinner slices (e.g. a 1-D difference strip) have each row repeated up to this height: the software
     * pipeline draws garbage when it stretches a one-pixel-high image.
     */
    public static final int MIN_ROWS = 16;
    private Heatmap() {
    }

    /**
     * @param lo value drawn at the low end of the map
     * @param hi value drawn at the high end (a degenerate range draws the middle colour)
     * @param flipRows draw row 0 at the bottom (spectrogram convention)
     */
    public static WritableImage render(Slice slice, ColorMap map, double lo, double hi, boolean flipRows) {
        Slice s = slice.binned(MAX_SIDE, MAX_SIDE);
        int[] argb = pixels(s, map, lo, hi, flipRows);
        int repeat = s.rows() >= MIN_ROWS ? 1 : (MIN_ROWS + s.rows() - 1) / Math.max(1, s.rows());
        WritableImage img = new WritableImage(Math.max(1, s.cols()), Math.max(1, s.rows() * repeat));
        for (int r = 0; r < s.rows() && s.cols() > 0; r++) {
            for (int k = 0; k < repeat; k++) {
                img.getPixelWriter().setPixels(0, r * repeat + k, s.cols(), 1, PixelFormat.getIntArgbInstance(),
                        argb, r * s.cols(), s.cols());
            }
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
