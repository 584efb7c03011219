package dev.parity.compare;

/**
 * How close a candidate tensor must be to its reference.
 *
 * <p>The policy, written once: an element <em>passes</em> when {@code |cand − ref| ≤ atol + rtol·|ref|}.
 * Which elements must pass, or which aggregate is tested instead, is chosen by {@link Statistic} (see there).
 * NaN: a position where both sides are NaN counts as equal; NaN on one side only fails the element (and every
 * aggregate statistic). Infinities pass only when both sides hold the same infinity. An empty tensor passes.
 * Zero denominators: relative figures use {@link Metrics#REL_EPSILON} (see {@link Metrics}).
 * Complex tensors: the same rule on moduli, {@code |c − r| ≤ atol + rtol·|r|} with {@code |·|} the complex modulus;
 * aggregate statistics likewise (relative L2 over real and imaginary parts together); complex entries get
 * {@code base()} like float32 (see {@link TolerancePolicy}).
 *
 * @param quantile fraction of elements that must pass for {@link Statistic#QUANTILE} (ignored otherwise)
 */
public record Tolerance(double atol, double rtol, Statistic statistic, double quantile) {
    /** Default for float32 and wider: elementwise, atol 1e-5, rtol 1e-4. */
    public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-4, Statistic.ELEMENTWISE, 1.0);
    /** Default for float16/bfloat16/float8 tensors, whose unit roundoff is ~1e-3 or worse. */
    public static final Tolerance HALF = new Tolerance(1e-3, 1e-2, Statistic.ELEMENTWISE, 1.0);
    /** Default for integer and bool tensors: exact. */
    public static final Tolerance EXACT = new Tolerance(0, 0, Statistic.ELEMENTWISE, 1.0);

    public Tolerance {
        if (!(atol >= 0) || !(rtol >= 0)) {
            throw new IllegalArgumentException("atol and rtol must be >= 0, got atol=" + atol + " rtol=" + rtol);
        }
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
        }
    }

    public Tolerance withStatistic(Statistic s, double q) {
        return new Tolerance(atol, rtol, s, q);
    }

    /**
     * The elementwise rule for one finite element, given {@code |cand − ref|} and {@code |ref|} (moduli for complex
     * values): how far the difference exceeds the relative allowance, {@code |d| − rtol·|ref|}. The element passes
     * when this is at most {@code atol} ({@link #passes}); its largest value over a tensor is the smallest atol with
     * which every element passes.
     */
    public double excess(double absDiff, double absRef) {
        return absDiff - rtol * absRef;
    }

    /** Whether an element with this {@link #excess} passes: {@code excess ≤ atol}. */
    public boolean passes(double excess) {
        return excess <= atol;
    }

    /** {@code elementwise atol=1e-05 rtol=0.0001}. */
    @Override
    public String toString() {
        return statistic.label() + (statistic == Statistic.QUANTILE ? "(" + quantile + ")" : "")
                + " atol=" + atol + " rtol=" + rtol;
    }
}
