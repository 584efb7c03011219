package dev.parity.report;

import java.util.Locale;

/** Number formatting shared by the text writers. */
final class Format {
    private Format() {
    }

    /** Three significant digits, scientific when small or large; "inf", "nan" for non-finite. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    static String pct(double f) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * f);
    }
}
