package dev.parity.localize;

import dev.parity.compare.CompareOptions;
import dev.parity.compare.Statistic;
import dev.parity.compare.Tolerance;
import dev.parity.compare.TolerancePolicy;

/**
 * How conditioning traces are compared when no float64 twin gives a noise floor: relative L2 ≤ 1e-4 per float
 * entry (atol 1e-5·√n), integers exact. An elementwise rule does not fit: the log features (Kaldi fbank, the
 * mels) of near-silent bins carry the reference's own float32 FFT rounding, up to 5e-4 absolute (2.6e-5 of the
 * fbank's range, a relative error of 0.11 at single bins) for a relative L2 of 1.7e-6 over the tensor.
 */
public final class ConditioningPolicy {
    /** Relative L2 allowed per entry. */
    public static final double RTOL = 1e-4;

    private ConditioningPolicy() {
    }

    public static Tolerance tolerance() {
        return new Tolerance(1e-5, RTOL, Statistic.REL_L2, 1);
    }

    public static CompareOptions options() {
        return CompareOptions.defaults().withPolicy(TolerancePolicy.of(tolerance()));
    }
}
