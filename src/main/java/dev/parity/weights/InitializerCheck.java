package dev.parity.weights;

import java.util.Locale;

/**
 * Flags tensors whose statistics look like an untrained initializer — what a port keeps when a tensor was never
 * loaded. A heuristic on one tensor's {@link TensorStats}; the tests calibrate it on fresh PyTorch 1.13 modules and
 * on trained-looking tensors ({@code src/test/resources/fixtures/weights/make_init_fixtures.py}).
 *
 * <p>Decision, in order ({@code n} = finite values, {@code fan_in} = PyTorch's fan-in of the module's weight):
 * <ol>
 *   <li>all values exactly 0 → {@link InitKind#ZEROS}; all exactly 1 → {@link InitKind#ONES} (any size).</li>
 *   <li>{@code n < 64} → {@link InitKind#INCONCLUSIVE}.</li>
 *   <li>{@code |mean| > 5·std/√n} → {@link InitKind#NONE} (initializers are centred).</li>
 *   <li>i.i.d. test (rank ≥ 2, ≥ 8 rows): the coefficient of variation of row norms of i.i.d. draws is about
 *       {@code sqrt((kurtosis−1)/m)/2} for rows of {@code m} values; observed above 3× that + 0.02 → NONE
 *       (training rescales rows and adds low-rank structure).</li>
 *   <li>uniform shape ({@code |kurtosis − 1.8| < 0.1 + 2/√n}) with {@code std·√3} within 5 % of
 *       {@code max|x|}: bound {@code max|x|·√fan_in} within 3 % of 1 → {@link InitKind#KAIMING_UNIFORM}, else
 *       {@link InitKind#UNIFORM_OTHER} (training does not produce flat distributions).</li>
 *   <li>{@code n < 256} → INCONCLUSIVE.</li>
 *   <li>normal shape ({@code |kurtosis − 3| < 5·√(24/n)}) and {@code std·√fan_in} within
 *       {@code 5 % + 3/√(2n)} of 1 → {@link InitKind#NORMAL_FAN_IN}, of √2 → {@link InitKind#NORMAL_KAIMING};
 *       {@code std} within that of 1 → {@link InitKind#NORMAL_UNIT}. A normal of any other std → NONE.</li>
 * </ol>
 *
 * <p>Limits: statistics cannot tell a trained tensor that happens to be i.i.d. normal with std 1/√fan_in from an
 * initializer. The shared small dump ({@code s3gen-small-seed1}) was built exactly that way (recipe
 * {@code N·gain/√fan_in}), so its gain-1 Linear and Conv1d weights (weight-norm v included) are reported as
 * {@link InitKind#NORMAL_FAN_IN} — correctly: they are untrained random draws. Its ConvTranspose1d weights (recipe
 * fan-in {@code in·k/stride}, not PyTorch's {@code out·k}), the gain-60 f0 classifier, weight-norm g, LayerNorm
 * ({@code 1 + 0.1·N}) and Snake alphas are not flagged; its {@code input_embedding} (N(0,1)) is
 * {@link InitKind#NORMAL_UNIT}; its biases ({@code 0.02·N}, at most 256 values in the small config) are not
 * flagged, except {@code mel2wav.f0_predictor.classifier.bias}, which the recipe sets to exactly 0
 * ({@link InitKind#ZEROS}). In numbers: 181 of its 591 tensors are flagged (179 NORMAL_FAN_IN, 1 NORMAL_UNIT,
 * 1 ZEROS); a real trained checkpoint is expected to flag none of its weights.
 */
public final class InitializerCheck {
    private static final int MIN_UNIFORM = 64;
    private static final int MIN_NORMAL = 256;
    private static final int MIN_ROWS = 8;

    private InitializerCheck() {
    }

    /** Judges one tensor; {@code fanIn} comes from its module's weight (0 when unknown). */
    public static InitVerdict check(TensorStats s, long fanIn) {
        long n = s.finiteCount();
        if (n == 0) {
            return verdict(s, InitKind.NONE, fanIn, Double.NaN, "no finite values");
        }
        if (s.min() == s.max() && (s.min() == 0 || s.min() == 1)) {
            InitKind k = s.min() == 0 ? InitKind.ZEROS : InitKind.ONES;
            return verdict(s, k, fanIn, Double.NaN, "all " + n + " values are exactly " + (int) s.min());
        }
        if (n < MIN_UNIFORM) {
            return verdict(s, InitKind.INCONCLUSIVE, fanIn, Double.NaN, "only " + n + " values");
        }
        if (Math.abs(s.mean()) > 5 * s.std() / Math.sqrt(n)) {
            return verdict(s, InitKind.NONE, fanIn, Double.NaN, fmt("mean %.4g is not 0 (std %.4g, n %d)",
                    s.mean(), s.std(), n));
        }
        InitVerdict structured = rowStructure(s, fanIn);
        return structured != null ? structured : byDistribution(s, fanIn, n);
    }

    /** A NONE verdict when row norms vary more than i.i.d. draws allow, else null. */
    private static InitVerdict rowStructure(TensorStats s, long fanIn) {
        if (s.shape().rank() < 2 || s.shape().dim(0) < MIN_ROWS || Double.isNaN(s.rowNormCv())) {
            return null;
        }
        double m = (double) s.count() / s.shape().dim(0);
        double expected = Math.sqrt(Math.max(0, s.kurtosis() - 1) / m) / 2;
        if (s.rowNormCv() <= 3 * expected + 0.02) {
            return null;
        }
        return verdict(s, InitKind.NONE, fanIn, Double.NaN, fmt("row norms vary (cv %.3f; i.i.d. draws give "
                + "about %.3f): structured, looks trained", s.rowNormCv(), expected));
    }

    private static InitVerdict byDistribution(TensorStats s, long fanIn, long n) {
        double bound = Math.max(Math.abs(s.min()), Math.abs(s.max()));
        boolean flat = Math.abs(s.kurtosis() - 1.8) < 0.1 + 2 / Math.sqrt(n)
                && Math.abs(s.std() * Math.sqrt(3) / bound - 1) < 0.05;
        if (flat) {
            return uniform(s, fanIn, bound);
        }
        if (n < MIN_NORMAL) {
            return verdict(s, InitKind.INCONCLUSIVE, fanIn, Double.NaN, "only " + n + " values and not uniform");
        }
        if (Math.abs(s.kurtosis() - 3) >= 5 * Math.sqrt(24.0 / n)) {
            return verdict(s, InitKind.NONE, fanIn, Double.NaN, fmt("neither uniform nor normal (kurtosis %.2f)",
                    s.kurtosis()));
        }
        return normal(s, fanIn, n);
    }

    private static InitVerdict uniform(TensorStats s, long fanIn, double bound) {
        double ratio = fanIn > 0 ? bound * Math.sqrt(fanIn) : Double.NaN;
        if (fanIn > 0 && Math.abs(ratio - 1) < 0.03) {
            return verdict(s, InitKind.KAIMING_UNIFORM, fanIn, ratio, fmt("uniform in ±%.4g = ±1/sqrt(%d) "
                    + "(PyTorch default)", bound, fanIn));
        }
        return verdict(s, InitKind.UNIFORM_OTHER, fanIn, ratio, fmt("uniform in ±%.4g (kurtosis %.3f)%s", bound,
                s.kurtosis(), fanIn > 0 ? fmt(", bound·sqrt(fan_in %d) = %.3f", fanIn, ratio) : ""));
    }

    private static InitVerdict normal(TensorStats s, long fanIn, long n) {
        double tol = 0.05 + 3 / Math.sqrt(2.0 * n);
        double r = fanIn > 0 ? s.std() * Math.sqrt(fanIn) : Double.NaN;
        if (fanIn > 0 && Math.abs(r - 1) < tol) {
            return verdict(s, InitKind.NORMAL_FAN_IN, fanIn, r, fmt("normal, std %.4g = %.3f/sqrt(fan_in %d)",
                    s.std(), r, fanIn));
        }
        if (fanIn > 0 && Math.abs(r / Math.sqrt(2) - 1) < tol) {
            return verdict(s, InitKind.NORMAL_KAIMING, fanIn, r / Math.sqrt(2), fmt("normal, std %.4g = "
                    + "%.3f·sqrt(2/fan_in %d)", s.std(), r / Math.sqrt(2), fanIn));
        }
        if (Math.abs(s.std() - 1) < tol) {
            return verdict(s, InitKind.NORMAL_UNIT, fanIn, s.std(), fmt("normal, std %.4f ≈ 1", s.std()));
        }
        return verdict(s, InitKind.NONE, fanIn, Double.NaN, fmt("normal, but std %.4g fits no initializer%s",
                s.std(), fanIn > 0 ? fmt(" (std·sqrt(fan_in %d) = %.3f)", fanIn, r) : ""));
    }

    private static InitVerdict verdict(TensorStats s, InitKind kind, long fanIn, double ratio, String reason) {
        return new InitVerdict(s.key(), kind, s.layerType(), fanIn, ratio, reason);
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
