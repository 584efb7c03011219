package dev.parity.compare;

import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * The results of an earlier comparison against the same reference, for a later comparison to take where its
 * candidate holds the very same tensor object under the same tolerance: the stage swaps of a diagnosis replay
 * much of the unfed run (the same tensors, {@code CallReplay}), and comparing those again gives the same results.
 * Only in-memory traces hand out the same object twice; with a trace read from files nothing is reused. Immutable,
 * read by several comparisons at once.
 */
public final class PriorResults {
    /** Reuses nothing. */
    public static final PriorResults NONE = new PriorResults(Map.of());
    private final Map<EntryId, Prior> byReference;

    private record Prior(EntryResult result, Tensor candidate) {
    }

    private PriorResults(Map<EntryId, Prior> byReference) {
        this.byReference = byReference;
    }

    /** The results of {@code c}, whose candidate trace is {@code cand}. */
    public static PriorResults of(Comparison c, Trace cand) {
        Map<EntryId, Prior> m = new HashMap<>();
        for (EntryResult r : c.results()) {
            if (r.candidate() != null) {
                m.put(r.reference().id(), new Prior(r, cand.tensor(r.candidate())));
            }
        }
        return new PriorResults(m);
    }

    /**
     * The earlier result for reference entry {@code r} as the result of comparing it with {@code c}, when the
     * earlier comparison had the same reference entry, the same candidate tensor object {@code ct} and the same
     * tolerance; else null.
     */
    EntryResult find(TraceEntry r, TraceEntry c, Tensor ct, Tolerance tol, int step) {
        Prior p = byReference.get(r.id());
        if (p == null || p.candidate() != ct || p.result().reference() != r || !p.result().tolerance().equals(tol)
                || p.result().step() != step) {
            return null;
        }
        EntryResult e = p.result();
        return new EntryResult(r, c, e.status(), e.metrics(), tol, e.finding(), step);
    }
}
