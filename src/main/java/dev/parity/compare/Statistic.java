package dev.parity.compare;

import java.util.Locale;

/**
 * Which statistic a {@link Tolerance} is applied to. With {@code d = |cand − ref|} per element:
 * <ul>
 *   <li>{@link #ELEMENTWISE}: every element must satisfy {@code d ≤ atol + rtol·|ref|} (like
 *       {@code numpy.allclose}, asymmetric in ref).</li>
 *   <li>{@link #MAX}: {@code max d ≤ atol + rtol·max|ref|}.</li>
 *   <li>{@link #MEAN}: {@code mean d ≤ atol + rtol·mean|ref|}.</li>
 *   <li>{@link #QUANTILE}: at least the fraction {@code q} of the elements satisfy the elementwise rule.</li>
 *   <li>{@link #REL_L2}: {@code ‖cand − ref‖₂ ≤ atol·√n + rtol·‖ref‖₂}, i.e. relative L2 error ≤ rtol, with
 *       atol as an RMS floor for all-zero references.</li>
 * </ul>
 */
public enum Statistic {
    ELEMENTWISE, MAX, MEAN, QUANTILE, REL_L2;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code elementwise}, {@code max}, {@code mean}, {@code quantile}, {@code rel_l2} (or {@code rel-l2}). */
    public static Statistic parse(String s) {
        String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Statistic st : values()) {
            if (st.name().equals(n)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown statistic '" + s + "' (elementwise, max, mean, quantile, rel_l2)");
    }
}
