package dev.parity.compare;

import java.util.Locale;

/** Outcome for one reference entry. */
public enum EntryStatus {
    /** Within tolerance. */
    PASS,
    /** Same shape, outside tolerance. */
    FAIL,
    /** Shapes differ (never reshaped silently; see the finding). */
    SHAPE_MISMATCH,
    /** Recorded in the reference, absent from the candidate. */
    MISSING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * FAIL and SHAPE_MISMATCH are divergences; MISSING is not one (it does not move the first divergence), but
     * it fails the comparison unless {@link CompareOptions#allowMissing()} (see {@link Comparison#allPassed()}).
     */
    public boolean isDivergence() {
        return this == FAIL || this == SHAPE_MISMATCH;
    }
}
