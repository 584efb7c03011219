package dev.parity.compare;

/**
 * Everything measured between a reference and a candidate tensor of the same shape, in float64.
 *
 * <p>Sums run over the positions where both sides are finite; NaN and infinity are counted per side.
 * Definitions ({@code d = cand − ref}, n = number of finite pairs):
 * <ul>
 *   <li>{@code maxAbs = max|d|}, {@code meanAbs = mean|d|}, {@code rmse = sqrt(mean d²)}</li>
 *   <li>{@code relL2 = ‖d‖/‖ref‖}; 0 when both are 0, +∞ when only ‖ref‖ is 0</li>
 *   <li>{@code maxRel = max |d| / max(|ref|, REL_EPSILON)}</li>
 *   <li>{@code cosine = ⟨ref, cand⟩/(‖ref‖‖cand‖)}; 1 when both are all zero, 0 when one is</li>
 *   <li>{@code pearson}: correlation of the centred values; NaN when either side is constant</li>
 *   <li>{@code snrDb = 10·log10(‖ref‖²/‖d‖²)}; +∞ when d is all zero</li>
 *   <li>{@code fracWithinTol}: fraction of all elements passing the elementwise rule of the tolerance used;
 *       matching NaNs pass, a NaN or infinity on one side fails</li>
 *   <li>{@code minPassingAtol = max(0, max(|d| − rtol·|ref|))}: the smallest atol that would have passed
 *       elementwise with the same rtol (+∞ when a non-finite mismatch exists)</li>
 * </ul>
 *
 * <p>Complex tensors (complex64/complex128; a real side against a complex one counts as imaginary part 0) are
 * measured on their complex values, one element per complex number: {@code |x|} is the modulus, so
 * {@code maxAbs}, {@code meanAbs}, {@code maxRel}, {@code fracWithinTol} and {@code minPassingAtol} use
 * {@code |c − r|} and {@code |r|} per element; {@code rmse = sqrt(mean |d|²)}; {@code relL2}, {@code snrDb}
 * and {@code refL2} take real and imaginary parts together ({@code ‖d‖² = Σ|d|²}); {@code cosine} is the real
 * part of the Hermitian inner product, {@code Re⟨ref, cand⟩/(‖ref‖‖cand‖)} (1 when equal, −1 when negated; a
 * common phase rotation lowers it); {@code pearson} correlates the real and imaginary parts as one list of 2n
 * values; the ranges ({@code refMin} ... {@code candMax}) and {@code refMeanAbs}, {@code refMaxAbs} are of the
 * moduli. An element is NaN when either part is NaN, else infinite when either part is; it matches when each
 * part matches (same NaN-ness, same value).
 *
 * @param count number of elements (complex numbers for a complex tensor)
 * @param mismatchedNonFinite positions where NaN/infinity differs between the sides; any such position fails
 *     the entry under every statistic
 */
public record Metrics(long count, double maxAbs, double meanAbs, double rmse, double relL2, double maxRel,
                      double cosine, double pearson, double snrDb, long nanRef, long nanCand, long infRef,
                      long infCand, long mismatchedNonFinite, double fracWithinTol, double refMin, double refMax,
                      double candMin, double candMax, double refL2, double refMeanAbs, double refMaxAbs,
                      double minPassingAtol) {
    /** Floor of the denominator in {@code maxRel}. */
    public static final double REL_EPSILON = 1e-8;

    /** Whether these metrics pass {@code tol} under its statistic (see {@link Tolerance}). */
    public boolean passes(Tolerance tol) {
        if (count == 0) {
            return true;
        }
        if (mismatchedNonFinite > 0) {
            return false; // NaN/Inf must agree element for element under every statistic, quantile included
        }
        return switch (tol.statistic()) {
            case ELEMENTWISE -> fracWithinTol >= 1.0;
            case QUANTILE -> fracWithinTol >= tol.quantile();
            case MAX -> maxAbs <= tol.atol() + tol.rtol() * refMaxAbs;
            case MEAN -> meanAbs <= tol.atol() + tol.rtol() * refMeanAbs;
            case REL_L2 -> rmse * Math.sqrt(count) <= tol.atol() * Math.sqrt(count) + tol.rtol() * refL2;
        };
    }

    /**
     * How far from passing, as a ratio (≤ 1 passes): the measured statistic over the allowed bound. Used to rank
     * the worst entries; +∞ for non-finite mismatches.
     */
    public double severity(Tolerance tol) {
        if (count == 0) {
            return 0;
        }
        if (mismatchedNonFinite > 0) {
            return Double.POSITIVE_INFINITY;
        }
        return switch (tol.statistic()) {
            case ELEMENTWISE, QUANTILE -> ratio(minPassingAtol, tol.atol());
            case MAX -> ratio(maxAbs, tol.atol() + tol.rtol() * refMaxAbs);
            case MEAN -> ratio(meanAbs, tol.atol() + tol.rtol() * refMeanAbs);
            case REL_L2 -> ratio(rmse * Math.sqrt(count), tol.atol() * Math.sqrt(count) + tol.rtol() * refL2);
        };
    }

    private static double ratio(double value, double bound) {
        if (value == 0) {
            return 0;
        }
        return bound > 0 ? value / bound : Double.POSITIVE_INFINITY;
    }
}
