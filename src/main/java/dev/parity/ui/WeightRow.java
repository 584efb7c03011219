package dev.parity.ui;

import dev.parity.weights.InitVerdict;
import dev.parity.weights.TensorStats;

/**
 * One checkpoint tensor as the weights view lists it: the weight inspector's statistics and its initializer
 * verdict.
 */
public record WeightRow(TensorStats stats, InitVerdict verdict) {
    public String name() {
        return stats.key();
    }

    /** "NaN/Inf ×n", "looks untrained: KIND" or empty. */
    public String finding() {
        if (stats.hasNonFinite()) {
            return "NaN/Inf ×" + (stats.nanCount() + stats.infCount());
        }
        return verdict != null && verdict.looksUntrained() ? "looks untrained: " + verdict.kind() : "";
    }

    /** The verdict's reason, or empty. */
    public String reason() {
        return verdict == null ? "" : verdict.reason();
    }
}
