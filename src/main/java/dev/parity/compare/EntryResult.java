package dev.parity.compare;

import dev.parity.io.TraceEntry;

/**
 * The comparison of one reference entry.
 *
 * @param candidate the aligned candidate entry, null when {@link EntryStatus#MISSING}
 * @param metrics null when missing or when the shapes differ and no reshaping matched
 * @param finding a human-readable observation (e.g. "matches reference after permute(0, 2, 1)"), or null
 * @param step ODE step (call index of the estimator this entry ran under), or -1
 */
public record EntryResult(TraceEntry reference, TraceEntry candidate, EntryStatus status, Metrics metrics,
                          Tolerance tolerance, String finding, int step) {
    public String name() {
        return reference.name();
    }
}
