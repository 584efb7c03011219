package dev.parity.ui;

import dev.parity.compare.EntryResult;
import dev.parity.compare.EntryStatus;
import dev.parity.compare.Metrics;
import dev.parity.io.TraceEntry;

/**
 * One line of the layer navigator: a reference entry, its comparison result (null before a candidate is
 * open) and, when grouped by CFG branch, which batch row it stands for.
 *
 * @param branch −1 for the whole entry, 0 for the conditional row, 1 for the unconditional row
 * @param metrics the entry's metrics, or the branch's own when {@code branch ≥ 0}; null when not measured
 * @param status the entry's status, or the branch's; null before a comparison
 * @param group the group label shown in the navigator ("step 3", "conditional", ...)
 */
public record NavRow(TraceEntry entry, EntryResult result, int branch, Metrics metrics, EntryStatus status,
                     String group) {
    public static final String[] BRANCHES = {"conditional", "unconditional"};

    public static NavRow of(TraceEntry e, EntryResult r, String group) {
        return new NavRow(e, r, -1, r == null ? null : r.metrics(), r == null ? null : r.status(), group);
    }

    /** Relative L2 error, or NaN when not measured. */
    public double error() {
        return metrics == null ? Double.NaN : metrics.relL2();
    }

    public boolean diverged() {
        return status != null && status.isDivergence();
    }

    /** {@code name call k out [arg]} plus the branch when there is one. */
    public String label() {
        return entry.id() + (branch >= 0 ? " [" + BRANCHES[branch] + "]" : "");
    }
}
