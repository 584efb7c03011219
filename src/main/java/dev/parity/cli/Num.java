package dev.parity.cli;

import java.util.Locale;

/** Number formatting for the diagnosis texts. */
final class Num {
    private Num() {
    }

    /** Two significant digits: {@code 3.2e-02}, {@code 0.75}, {@code 1.2e+03}; "n/a" for NaN. */
    static String g(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (v == 0) {
            return "0";
        }
        return a >= 0.01 && a < 1000 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.1e", v);
    }

    static String pct(double f) {
        return Double.isNaN(f) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * f);
    }
}
