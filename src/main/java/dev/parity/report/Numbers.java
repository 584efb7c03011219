package dev.parity.report;

import java.util.Locale;

/**
 * The one number formatter of the tool: reports, the terminal and the GUI. Every style spells a NaN
 * {@value #NAN} and an infinity {@code inf} or {@code -inf}, and zero {@code 0} (except {@link #g}).
 * Locale-independent: always a dot.
 */
public final class Numbers {
    /** How a NaN is spelled: nothing to show (an undefined cosine, a ratio without a noise floor). */
    public static final String NAN = "n/a";

    private Numbers() {
    }

    /**
     * Four significant digits: fixed-point between 1e-3 and 1e4 ({@code 0.01239}, {@code 99.58}), scientific
     * otherwise ({@code 5.163e-06}, {@code 1.235e+05}). The style of the comparison reports, tables and the GUI.
     */
    public static String num(double v) {
        String s = special(v);
        if (s != null) {
            return s;
        }
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e4 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    /**
     * Short prose figures: three significant digits between 0.01 and 1000 ({@code 0.750}, {@code 41.2}), two in
     * scientific notation otherwise ({@code 5.7e-08}, {@code 4.1e+04}). The style of the diagnosis.
     */
    public static String brief(double v) {
        String s = special(v);
        if (s != null) {
            return s;
        }
        double a = Math.abs(v);
        return a >= 0.01 && a < 1000 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.1e", v);
    }

    /**
     * Java's {@code %.Ng} with {@code digits} significant digits ({@code 0.00} for zero at 3 digits, scientific
     * below 1e-4 and from 10^digits): the fixed-width columns of the weight tables.
     */
    public static String g(double v, int digits) {
        if (!Double.isFinite(v)) {
            return special(v);
        }
        return String.format(Locale.ROOT, "%." + digits + "g", v);
    }

    /** Fixed-point with {@code decimals} decimals ({@code 0.00}): a column of percentages without the sign. */
    public static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : special(v);
    }

    /** A fraction as a percentage with two decimals: {@code 99.58%}. */
    public static String pct(double fraction) {
        return percent(fraction, 2);
    }

    /** A fraction as a percentage with one decimal: {@code 45.2%}. */
    public static String briefPct(double fraction) {
        return percent(fraction, 1);
    }

    /** A fraction as a percentage with {@code decimals} decimals and no sign: {@code 45.2%}. */
    private static String percent(double fraction, int decimals) {
        return Double.isNaN(fraction) ? NAN : String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * fraction);
    }

    /** The spelling of NaN, the infinities and zero; null for any other value. */
    private static String special(double v) {
        if (Double.isNaN(v)) {
            return NAN;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return v == 0 ? "0" : null;
    }
}
