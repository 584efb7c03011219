package dev.parity.localize;

import dev.parity.compare.Metrics;

/**
 * How far two reference runs of the same inputs (float32 and float64, two torch versions) are apart at one
 * entry: the rounding noise the reference itself carries there.
 *
 * @param relL2 {@code ‖a − b‖₂ / ‖b‖₂} (b = the floor trace)
 * @param maxAbs {@code max|a − b|}
 * @param rms {@code sqrt(mean (a − b)²)}
 */
public record Spread(double relL2, double maxAbs, double rms) {
    public static final Spread ZERO = new Spread(0, 0, 0);

    static Spread of(Metrics m) {
        return new Spread(m.relL2(), m.maxAbs(), m.rmse());
    }

    /** The larger of each figure. */
    Spread max(Spread o) {
        return new Spread(Math.max(relL2, o.relL2), Math.max(maxAbs, o.maxAbs), Math.max(rms, o.rms));
    }
}
