package dev.parity.compare;

import dev.parity.io.EntryId;
import dev.parity.io.Trace;
import dev.parity.io.TraceEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs reference and candidate entries by identity {@code (name, call, kind, arg)}, after the candidate's names
 * went through the mapping rules.
 *
 * @param pairs reference entry → candidate entry, in reference execution order (missing ones absent)
 * @param missing reference entries with no candidate
 * @param unmatchedCandidate candidate entries with no reference
 * @param suggestions likely pairings among the unmatched, by shape, kind and position
 */
public record Alignment(Map<TraceEntry, TraceEntry> pairs, List<TraceEntry> missing,
                        List<TraceEntry> unmatchedCandidate, List<Suggestion> suggestions) {
    private static final int MAX_SUGGESTIONS = 200;

    /** Aligns {@code cand} to {@code ref}. Two candidate entries that map to one identity are an error. */
    public static Alignment of(Trace ref, Trace cand, MappingRules rules) {
        Map<EntryId, TraceEntry> byId = new HashMap<>();
        for (TraceEntry c : cand.entries()) {
            EntryId mapped = c.id().withName(rules.apply(c.name()));
            TraceEntry prev = byId.put(mapped, c);
            if (prev != null) {
                throw new IllegalArgumentException("candidate entries " + prev.index() + " (" + prev.id() + ") and "
                        + c.index() + " (" + c.id() + ") both map to " + mapped);
            }
        }
        Map<TraceEntry, TraceEntry> pairs = new LinkedHashMap<>();
        List<TraceEntry> missing = new ArrayList<>();
        Set<TraceEntry> used = new HashSet<>();
        for (TraceEntry r : ref.entries()) {
            TraceEntry c = byId.get(r.id());
            if (c == null) {
                missing.add(r);
            } else {
                pairs.put(r, c);
                used.add(c);
            }
        }
        List<TraceEntry> unmatched = cand.entries().stream().filter(c -> !used.contains(c)).toList();
        return new Alignment(pairs, missing, unmatched, suggest(missing, unmatched, ref, cand));
    }

    /** For each unmatched candidate entry, the unmatched reference entry of the same kind and shape nearest in
     * relative execution position. */
    private static List<Suggestion> suggest(List<TraceEntry> missing, List<TraceEntry> unmatched, Trace ref,
                                            Trace cand) {
        List<Suggestion> out = new ArrayList<>();
        Set<TraceEntry> taken = new HashSet<>();
        double nRef = Math.max(1, ref.entries().size());
        double nCand = Math.max(1, cand.entries().size());
        for (TraceEntry c : unmatched) {
            if (out.size() >= MAX_SUGGESTIONS) {
                break;
            }
            TraceEntry best = null;
            double bestGap = Double.MAX_VALUE;
            for (TraceEntry r : missing) {
                if (taken.contains(r) || r.kind() != c.kind() || !r.shape().equals(c.shape())) {
                    continue;
                }
                double gap = Math.abs(r.index() / nRef - c.index() / nCand);
                if (gap < bestGap) {
                    bestGap = gap;
                    best = r;
                }
            }
            if (best != null) {
                taken.add(best);
                out.add(new Suggestion(c.id(), best.id(), "same kind and shape " + c.shape()
                        + String.format(java.util.Locale.ROOT, ", position %.0f%% vs %.0f%%",
                        100 * c.index() / nCand, 100 * best.index() / nRef)));
            }
        }
        return out;
    }
}
