package dev.parity.localize;

import dev.parity.compare.Comparison;
import dev.parity.compare.EntryResult;
import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import dev.parity.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/** Finds a tensor by its reference identity, in the reference or (through the alignment) in the candidate. */
@FunctionalInterface
public interface TensorLookup {
    /** The tensor recorded under the reference identity {@code id}, or null when there is none. */
    Tensor get(EntryId id);

    /** The reference trace's own tensors. */
    static TensorLookup of(Trace t) {
        return id -> {
            TraceEntry e = t.get(id);
            return e == null ? null : t.tensor(e);
        };
    }

    /** The candidate's tensors aligned to reference identities by {@code c}. */
    static TensorLookup candidate(Trace cand, Comparison c) {
        Map<EntryId, TraceEntry> m = new HashMap<>();
        for (EntryResult r : c.results()) {
            if (r.candidate() != null) {
                m.put(r.reference().id(), r.candidate());
            }
        }
        return id -> {
            TraceEntry e = m.get(id);
            return e == null ? null : cand.tensor(e);
        };
    }
}
